/**
 * Builds the service models: defaults filled in, everything sorted by name,
 * message slots replaced by message names. Members that break the
 * meta-schema (already reported) are left out, so the cross-service checks
 * still run on the rest in the same pass. Subscriptions are linked to events
 * afterwards (build-subscriptions.ts), because they may match any service.
 */
import type { ErrorModel, EventModel, MethodModel, QueueModel, ServiceModel } from './types.js';
import type { SchemaDocument } from '../load/documents.js';
import { compare } from '../load/issues.js';
import { SERVICE_DEFAULTS } from '../meta/service-schema.js';
import { joinPointer } from '../resolve/pointer.js';
import { isSchemaObject } from '../resolve/subschemas.js';
import { serviceMemberValidator, type ServiceMemberKind } from '../validate/meta-validators.js';

/** A service definition as the meta-schema describes it (each member already validated). */
interface ServiceDefinition {
  service: string;
  version: string;
  description?: string;
  methods: Record<string, {
    description?: string;
    request: unknown;
    response: unknown;
    errors?: Record<string, { description?: string; details?: unknown; retryable?: boolean }>;
    timeoutMs?: number;
  }>;
  events: Record<string, { topic: string; payload: unknown; description?: string }>;
  subscriptions: Record<string, { pattern: string; description?: string }>;
  queues: Record<string, {
    message: unknown;
    description?: string;
    durable?: boolean;
    maxLength?: number;
    overflow?: 'reject' | 'drop-oldest';
    ttlMs?: number;
    maxRetries?: number;
    retryDelayMs?: number;
    deadLetter?: string;
    priorities?: number;
    producers?: string[];
    consumers?: string[];
  }>;
}

/** Whether a service file is whole enough to model: an object with a string `service`. */
export function isModelable(doc: SchemaDocument): boolean {
  return doc.kind === 'service' && isSchemaObject(doc.value) && typeof doc.value.service === 'string';
}

/** One service's model; its subscriptions' `events` stay empty until `linkSubscriptions` fills them. */
export function buildService(doc: SchemaDocument, slotMessages: ReadonlyMap<string, string>): ServiceModel {
  const raw = doc.value as Record<string, unknown>;
  const def: ServiceDefinition = {
    service: String(raw.service),
    version: typeof raw.version === 'string' ? raw.version : '',
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    methods: validMembers(raw.methods, 'method'),
    events: validMembers(raw.events, 'event'),
    subscriptions: validMembers(raw.subscriptions, 'subscription'),
    queues: validMembers(raw.queues, 'queue'),
  };
  const file = doc.file;
  const message = (pointer: string): string => slotMessages.get(`${file}#${pointer}`) ?? '';

  const methods = sortedEntries(def.methods).map(([name, m]): MethodModel => {
    const at = joinPointer('/methods', name);
    const errors = sortedEntries(m.errors).map(([code, e]): ErrorModel => ({
      code,
      ...optional('description', e.description),
      ...(e.details === undefined ? {} : { details: message(joinPointer(at, 'errors', code, 'details')) }),
      retryable: e.retryable ?? SERVICE_DEFAULTS.retryable,
    }));
    return {
      name,
      subject: `${def.service}.${name}`,
      ...optional('description', m.description),
      request: message(joinPointer(at, 'request')),
      response: message(joinPointer(at, 'response')),
      errors,
      timeoutMs: m.timeoutMs ?? SERVICE_DEFAULTS.timeoutMs,
      source: { file, pointer: at },
    };
  });

  const events = sortedEntries(def.events).map(([name, e]): EventModel => ({
    name,
    topic: e.topic,
    ...optional('description', e.description),
    payload: message(joinPointer('/events', name, 'payload')),
    source: { file, pointer: joinPointer('/events', name) },
  }));

  const subscriptions = sortedEntries(def.subscriptions).map(([name, s]) => ({
    name,
    pattern: s.pattern,
    ...optional('description', s.description),
    events: [],
    source: { file, pointer: joinPointer('/subscriptions', name) },
  }));

  const queues = sortedEntries(def.queues).map(([name, q]): QueueModel => ({
    name,
    subject: `queue.${name}`,
    ...optional('description', q.description),
    message: message(joinPointer('/queues', name, 'message')),
    durable: q.durable ?? SERVICE_DEFAULTS.durable,
    ...optional('maxLength', q.maxLength),
    overflow: q.overflow ?? SERVICE_DEFAULTS.overflow,
    ...optional('ttlMs', q.ttlMs),
    maxRetries: q.maxRetries ?? SERVICE_DEFAULTS.maxRetries,
    retryDelayMs: q.retryDelayMs ?? SERVICE_DEFAULTS.retryDelayMs,
    ...optional('deadLetter', q.deadLetter),
    priorities: q.priorities ?? SERVICE_DEFAULTS.priorities,
    producers: [...(q.producers ?? [])],
    consumers: [...(q.consumers ?? [])],
    source: { file, pointer: joinPointer('/queues', name) },
  }));

  return {
    name: def.service,
    version: def.version,
    ...optional('description', def.description),
    source: { file, pointer: '' },
    methods,
    events,
    subscriptions,
    queues,
  };
}

function validMembers<T>(value: unknown, kind: ServiceMemberKind): Record<string, T> {
  if (!isSchemaObject(value)) return {};
  const validate = serviceMemberValidator(kind);
  return Object.fromEntries(Object.entries(value).filter(([, member]) => validate(member))) as Record<string, T>;
}

function sortedEntries<T>(record: Record<string, T> | undefined): Array<[string, T]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => compare(a, b));
}

/** `{ key: value }` when the value is set, `{}` otherwise (the model omits absent optional keys). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
