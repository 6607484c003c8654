/**
 * Builds intermediate models by hand, so emitter tests feed a small inline
 * schema without the front end (the way protobuf-es tests its plugins).
 */
import { createHash } from 'node:crypto';
import type {
  Draft,
  EventModel,
  MessageModel,
  MethodModel,
  QueueModel,
  SchemaModel,
  ServiceModel,
  SubscriptionModel,
} from '../../../../generator/model/types.js';
import { fileStem, typeName } from '../../../../generator/naming/names.js';

type Schema = { readonly [key: string]: unknown };

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Schema)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface MessageOptions {
  readonly file?: string;
  readonly pointer?: string;
  /** The type schema when it differs from the schema (references to other messages as `tsType`). */
  readonly typeSchema?: Schema;
  readonly references?: ReadonlyArray<string>;
}

/** A MessageModel from a schema with a `title`; the schema is both `bundled` and `typeSchema` unless told otherwise. */
export function messageModel(schema: Schema, options: MessageOptions = {}): MessageModel {
  const title = schema['title'];
  if (typeof title !== 'string') throw new Error('test schema needs a title');
  const name = typeName(title);
  const file = options.file ?? `messages/${fileStem(name)}.json`;
  const pointer = options.pointer ?? '';
  const draft: Draft = String(schema['$schema'] ?? '').includes('draft-07') ? '07' : '2020-12';
  const description = schema['description'];
  return {
    name,
    schemaId: typeof schema['$id'] === 'string' ? schema['$id'] : `typewire:${file}#${pointer}`,
    ...(typeof description === 'string' ? { description } : {}),
    source: { file, pointer },
    draft,
    bundled: schema,
    typeSchema: options.typeSchema ?? schema,
    references: [...(options.references ?? [])].sort(),
    fingerprint: createHash('sha256').update(canonical(schema)).digest('hex'),
  };
}

/** An object schema with the given properties, all required. */
export function objectSchema(title: string, properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { title, type: 'object', properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

export function method(service: string, name: string, request: string, response: string, extra: Partial<MethodModel> = {}): MethodModel {
  return {
    name,
    subject: `${service}.${name}`,
    request,
    response,
    errors: [],
    timeoutMs: 10_000,
    source: { file: `services/${service}.service.json`, pointer: `/methods/${name}` },
    ...extra,
  };
}

export function event(service: string, name: string, topic: string, payload: string, extra: Partial<EventModel> = {}): EventModel {
  return { name, topic, payload, source: { file: `services/${service}.service.json`, pointer: `/events/${name}` }, ...extra };
}

export function subscription(service: string, name: string, pattern: string, events: SubscriptionModel['events'], extra: Partial<SubscriptionModel> = {}): SubscriptionModel {
  return { name, pattern, events, source: { file: `services/${service}.service.json`, pointer: `/subscriptions/${name}` }, ...extra };
}

export function queue(service: string, name: string, message: string, extra: Partial<QueueModel> = {}): QueueModel {
  return {
    name,
    subject: `queue.${name}`,
    message,
    durable: true,
    overflow: 'reject',
    maxRetries: 3,
    retryDelayMs: 1000,
    priorities: 1,
    producers: [service],
    consumers: [service],
    source: { file: `services/${service}.service.json`, pointer: `/queues/${name}` },
    ...extra,
  };
}

export function serviceModel(name: string, parts: Partial<Omit<ServiceModel, 'name'>> = {}): ServiceModel {
  return {
    name,
    version: '1.0.0',
    source: { file: `services/${name}.service.json`, pointer: '' },
    methods: [],
    events: [],
    subscriptions: [],
    queues: [],
    ...parts,
  };
}

export function schemaModel(messages: ReadonlyArray<MessageModel>, services: ReadonlyArray<ServiceModel> = []): SchemaModel {
  const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { messages: [...messages].sort(byName), services: [...services].sort(byName) };
}
