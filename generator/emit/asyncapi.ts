/**
 * `asyncapi.json`: an AsyncAPI 3.0.0 document for the whole schema set, for
 * tools outside TypeScript (documentation sites, other languages' code
 * generators, contract checks). It is made from the model only, like every
 * other emitter, and is deterministic: maps (channels, operations,
 * components, a channel's messages) are sorted by key, spec objects keep the
 * spec's field order, and the embedded message schemas keep the order of the
 * user's files. See docs/asyncapi.md for the mapping.
 */
import type { MessageModel, SchemaModel } from '../model/types.js';
import { documentRef, ENVELOPE_SCHEMA_KEY, errorMessageKey, GENERIC_ERROR_MESSAGE_KEY, QUEUE_ACK_MESSAGE_KEY } from '../naming/asyncapi-ids.js';
import { ASYNCAPI_PATH } from '../naming/names.js';
import { channelsAndOperations } from './asyncapi-channels.js';
import { infoObject } from './asyncapi-info.js';
import { declaredErrorPayload, envelopeSchema, genericErrorPayload, messageSchemaComponent, queueAckPayload, type JsonObject } from './asyncapi-schemas.js';
import type { EmitContext, EmittedFile } from './emit-context.js';

export const ASYNCAPI_VERSION = '3.0.0';

const HEADERS = { $ref: documentRef('components', 'schemas', ENVELOPE_SCHEMA_KEY) };

function sortedObject(entries: Iterable<readonly [string, unknown]>): JsonObject {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function messageComponent(message: MessageModel): JsonObject {
  return {
    name: message.name,
    title: message.name,
    ...(message.description === undefined ? {} : { description: message.description }),
    headers: HEADERS,
    payload: { $ref: documentRef('components', 'schemas', message.name) },
    'x-typewire-source': `${message.source.file}#${message.source.pointer}`,
  };
}

/**
 * Every message component a channel may use: the model's messages, each
 * declared method error, the generic error and the queue acknowledgement.
 * The caller keeps those some channel refers to.
 */
function messageComponents(model: SchemaModel): Map<string, JsonObject> {
  const byName = new Map(model.messages.map((m) => [m.name, m]));
  const out = new Map<string, JsonObject>(model.messages.map((m) => [m.name, messageComponent(m)]));
  const declaredCodes = new Set<string>();
  for (const service of model.services) {
    for (const method of service.methods) {
      for (const error of method.errors) {
        declaredCodes.add(error.code);
        const details = error.details === undefined ? undefined : byName.get(error.details);
        out.set(errorMessageKey(service.name, method.name, error.code), {
          name: error.code,
          title: `${error.code} (${service.name}.${method.name})`,
          ...(error.description === undefined ? {} : { description: error.description }),
          headers: HEADERS,
          payload: declaredErrorPayload(error, details),
        });
      }
    }
  }
  out.set(GENERIC_ERROR_MESSAGE_KEY, {
    name: 'TypewireError',
    title: 'typewire error',
    description: 'Any error the operation did not declare, e.g. VALIDATION_FAILED for an invalid request. Its envelope headers carry "typewire-status": "error".',
    headers: HEADERS,
    payload: genericErrorPayload(declaredCodes),
  });
  out.set(QUEUE_ACK_MESSAGE_KEY, {
    name: 'QueueSendAck',
    title: 'queue send acknowledgement',
    description: 'The queue accepted the message.',
    headers: HEADERS,
    payload: queueAckPayload(),
  });
  return out;
}

/** The message keys the channels refer to (`#/components/messages/<key>`). */
function usedMessageKeys(channels: ReadonlyMap<string, JsonObject>): Set<string> {
  const keys = new Set<string>();
  for (const channel of channels.values()) for (const key of Object.keys(channel['messages'] as JsonObject)) keys.add(key);
  return keys;
}

/** The document as a plain JSON value (what `asyncapi.json` holds). */
export function asyncApiDocument(model: SchemaModel, context: EmitContext): JsonObject {
  const { channels, operations } = channelsAndOperations(model);
  const schemas: Array<[string, unknown]> = model.messages.map((message) => [message.name, messageSchemaComponent(message)]);
  schemas.push([ENVELOPE_SCHEMA_KEY, envelopeSchema()]);
  const used = usedMessageKeys(channels);
  const messages = [...messageComponents(model)].filter(([key]) => used.has(key));
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: infoObject(model, context.version),
    channels: sortedObject(channels),
    operations: sortedObject(operations),
    components: { schemas: sortedObject(schemas), messages: sortedObject(messages) },
  };
}

export function emitAsyncApiFile(model: SchemaModel, context: EmitContext): EmittedFile {
  return { path: ASYNCAPI_PATH, content: `${JSON.stringify(asyncApiDocument(model, context), null, 2)}\n` };
}
