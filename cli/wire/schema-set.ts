/**
 * A schema folder turned into the descriptors the runtime takes, at CLI
 * time: the same fingerprints, validators and codec layout `typewire
 * generate` writes, so a CLI client passes the server's handshake exactly
 * when generated code from the same schemas would.
 */
import { structures, specialPaths } from '../../generator/emit/message-shape.js';
import { loadSchemaModel, schemaIssuesError } from '../../generator/front.js';
import type { MessageModel, SchemaModel } from '../../generator/model/types.js';
import { defineMessage } from '../../runtime/codec/define-message.js';
import type { ErrorSpecs, EventDescriptor, MessageDescriptor, MethodDescriptor, QueueDescriptor, Route, RouteTable } from '../../runtime/descriptors.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { closeNames } from '../instances/close-names.js';
import { loadValidators } from './load-validators.js';

export interface SchemaSet {
  readonly model: SchemaModel;
  /** Every subject of every service, for the handshake's fingerprints. */
  readonly routes: RouteTable;
  /** Throws NOT_FOUND_METHOD (with suggestions) for an unknown `service.method`. */
  method(subject: string): MethodDescriptor<unknown, unknown>;
  /** Throws VALIDATION_BAD_TOPIC (with suggestions) for a topic no service declares. */
  event(topic: string): EventDescriptor<unknown>;
  /** A queue by name; undefined when no service declares it. */
  queue(name: string): QueueDescriptor<unknown> | undefined;
}

function hint(name: string, known: ReadonlyArray<string>): string {
  const close = closeNames(name, known);
  return close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; known: ${known.join(', ') || '(none)'}`;
}

/** Loads and checks the schemas (SCHEMA_* errors name file and pointer), then builds every message's descriptor. */
export async function loadSchemaSet(schemasDir: string): Promise<SchemaSet> {
  const front = await loadSchemaModel(schemasDir);
  if (!front.ok) throw schemaIssuesError(front.issues);
  const model = front.model;
  const validators = await loadValidators(model.messages);
  const messages = new Map<string, MessageDescriptor<unknown>>(
    model.messages.map((m: MessageModel) => {
      const special = specialPaths(m.bundled);
      return [
        m.name,
        defineMessage<unknown>({
          name: m.name,
          schemaId: m.schemaId,
          fingerprint: m.fingerprint,
          validate: validators.get(m.name)!,
          structures: structures(m.bundled),
          special: { int64: special.int64, bytes: special.bytes },
        }),
      ];
    }),
  );
  const message = (name: string): MessageDescriptor<unknown> => messages.get(name)!;

  const methods = new Map<string, MethodDescriptor<unknown, unknown>>();
  const events = new Map<string, EventDescriptor<unknown>>();
  const queues = new Map<string, QueueDescriptor<unknown>>();
  const routes: Route[] = [];
  for (const service of model.services) {
    for (const m of service.methods) {
      const errors: ErrorSpecs = Object.fromEntries(
        m.errors.map((e) => [e.code, { code: e.code, retryable: e.retryable, ...(e.description ? { description: e.description } : {}), ...(e.details ? { details: message(e.details) } : {}) }]),
      );
      methods.set(m.subject, { name: m.name, service: service.name, subject: m.subject, request: message(m.request), response: message(m.response), errors, timeoutMs: m.timeoutMs });
      routes.push({ subject: m.subject, kind: 'request', service: service.name, name: m.name, message: message(m.request) });
      routes.push({ subject: m.subject, kind: 'response', service: service.name, name: m.name, message: message(m.response) });
    }
    for (const e of service.events) {
      events.set(e.topic, { name: e.name, service: service.name, topic: e.topic, payload: message(e.payload) });
      routes.push({ subject: e.topic, kind: 'event', service: service.name, name: e.name, message: message(e.payload) });
    }
    for (const q of service.queues) {
      const { source: _source, message: queueMessage, description: _description, ...rest } = q;
      queues.set(q.name, { ...rest, service: service.name, message: message(queueMessage) });
      routes.push({ subject: q.subject, kind: 'queue', service: service.name, name: q.name, message: message(queueMessage) });
    }
  }
  return {
    model,
    routes,
    method(subject) {
      const found = methods.get(subject);
      if (found === undefined) throw new TypewireError('NOT_FOUND_METHOD', `no method "${subject}" in the schemas${hint(subject, [...methods.keys()])}`, { details: { method: subject } });
      return found;
    },
    event(topic) {
      const found = events.get(topic);
      if (found === undefined) throw new TypewireError('VALIDATION_BAD_TOPIC', `no service declares the event topic "${topic}"${hint(topic, [...events.keys()])}`, { details: { topic } });
      return found;
    },
    queue: (name) => queues.get(name),
  };
}
