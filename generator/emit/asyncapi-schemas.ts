/**
 * The schemas of the AsyncAPI document: each message's bundled JSON Schema
 * under `components.schemas`, plus the few schemas typewire itself defines
 * (the envelope, error replies).
 *
 * A message schema is embedded as an AsyncAPI Multi Format Schema Object so
 * its dialect is kept: draft-07 is `application/schema+json;version=draft-07`,
 * a format every AsyncAPI tool must support; draft 2020-12 has no registered
 * AsyncAPI format, so it is `application/schema+json;version=2020-12`, which
 * the spec allows and which @asyncapi/parser accepts without validating it
 * (a warning, not an error; see docs/asyncapi.md).
 */
import { ERROR_CODES, type ErrorCode } from '../../runtime/errors/codes.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { Draft, ErrorModel, MessageModel } from '../model/types.js';
import { documentRef } from '../naming/asyncapi-ids.js';
import { rewriteSchema } from './schema-walk.js';
import { specialKind } from './special-formats.js';

export type JsonObject = { [key: string]: unknown };

export const SCHEMA_FORMATS: Readonly<Record<Draft, string>> = {
  '07': 'application/schema+json;version=draft-07',
  '2020-12': 'application/schema+json;version=2020-12',
};

/** Where a message's schema sits in the document; every local `$ref` inside it is rewritten to start here. */
export function messageSchemaRef(message: string): string {
  return documentRef('components', 'schemas', message, 'schema');
}

/**
 * The message's bundled schema as it appears in the document. Local refs
 * (`#/$defs/OrderLine`) would resolve against the AsyncAPI document, which
 * has no `$defs`, so they are rewritten to absolute pointers into it; the root
 * `$id` goes (it would make a JSON Schema tool resolve those pointers against
 * the `$id` instead) and is kept as `x-typewire-schema-id` beside the schema.
 * typewire's extensions are marked with `x-typewire-type`, because a reader
 * that does not know typewire sees only an ordinary `format`.
 */
export function embeddedSchema(message: MessageModel): unknown {
  const base = messageSchemaRef(message.name);
  return rewriteSchema(message.bundled, (node, path) => {
    if (path.length === 0) delete node['$id'];
    const ref = node['$ref'];
    if (typeof ref === 'string') node['$ref'] = absoluteRef(ref, base, message.name);
    const kind = specialKind(node);
    if (kind !== undefined) node['x-typewire-type'] = kind;
    return node;
  });
}

function absoluteRef(ref: string, base: string, message: string): string {
  if (ref === '#') return base;
  if (ref.startsWith('#/')) return `${base}${ref.slice(1)}`;
  throw typewireError('INTERNAL_UNEXPECTED', `the bundled schema of ${message} has a non-local $ref "${ref}"`);
}

/** The `components.schemas` entry of a message. */
export function messageSchemaComponent(message: MessageModel): JsonObject {
  return {
    schemaFormat: SCHEMA_FORMATS[message.draft],
    schema: embeddedSchema(message),
    'x-typewire-schema-id': message.schemaId,
    'x-typewire-fingerprint': message.fingerprint,
  };
}

/**
 * The envelope fields every message travels with, as the message's
 * `headers`. An AsyncAPI Schema Object (the document's default format), so
 * the parser checks it. `replyTo` is what a method's reply address points at.
 */
export function envelopeSchema(): JsonObject {
  const text = (description: string): JsonObject => ({ type: 'string', description });
  const integer = (description: string): JsonObject => ({ type: 'integer', description });
  return {
    type: 'object',
    description: 'The typewire envelope: the fields that travel with every message besides its payload.',
    properties: {
      id: text('Unique message id; a reply carries it back as correlationId.'),
      type: text('The subject: an event topic, a method subject (service.method) or a queue subject (queue.name).'),
      source: text('Who sent the message.'),
      target: text('The intended receiver, when the message is addressed to one peer.'),
      correlationId: text('On a reply: the id of the request it answers.'),
      replyTo: text('On a request: the subject the reply goes to.'),
      headers: {
        type: 'object',
        description: 'Application headers. An error reply carries "typewire-status": "error".',
        additionalProperties: { type: 'string' },
      },
      traceparent: text('W3C trace context.'),
      timestamp: integer('Milliseconds since the epoch.'),
      priority: integer('Higher is more urgent; 0 is the default.'),
      expiresAt: integer('Milliseconds since the epoch after which the message must not be delivered.'),
    },
    required: ['id', 'type', 'timestamp'],
  };
}

/**
 * The payload of a declared error's reply (`TypewireError.toWire()`). A
 * schema that refers to another must share its format (AsyncAPI 3.0, Multi
 * Format Schema Object), so an error with details takes the details message's
 * dialect; one without details is draft-07, which the parser checks.
 */
export function declaredErrorPayload(error: ErrorModel, details: MessageModel | undefined): JsonObject {
  const properties: JsonObject = {
    code: { const: error.code },
    message: { type: 'string' },
    ...(details === undefined ? {} : { details: { $ref: messageSchemaRef(details.name) } }),
    retryable: { const: error.retryable },
  };
  const required = details === undefined ? ['code', 'message', 'retryable'] : ['code', 'message', 'details', 'retryable'];
  return {
    schemaFormat: SCHEMA_FORMATS[details?.draft ?? '07'],
    schema: { type: 'object', properties, required, additionalProperties: false },
  };
}

/**
 * The payload of any other error a method may reply with: one of typewire's
 * registered codes that can reach a caller (schema and configuration codes are
 * raised by tools, never by a handler). Codes a method declares are left out,
 * so a reply matches exactly one message of its operation, as AsyncAPI asks.
 */
export function genericErrorPayload(declaredCodes: ReadonlySet<string>): JsonObject {
  const codes = (Object.keys(ERROR_CODES) as ErrorCode[])
    .filter((code) => ERROR_CODES[code].category !== 'schema' && ERROR_CODES[code].category !== 'config' && !declaredCodes.has(code))
    .sort();
  return {
    type: 'object',
    description: 'A typewire error (see docs/errors.md): invalid request, missing handler, handler failure, ...',
    properties: {
      code: { type: 'string', enum: codes },
      message: { type: 'string' },
      details: {},
      retryable: { type: 'boolean' },
    },
    required: ['code', 'message', 'retryable'],
    additionalProperties: false,
  };
}

/** The payload of a queue send's acknowledgement (`SendAck` in runtime/queue/queue-host.ts). */
export function queueAckPayload(): JsonObject {
  return {
    type: 'object',
    properties: {
      duplicate: { type: 'boolean', description: 'True when a message with the same envelope id was already queued, so this send added nothing.' },
    },
    required: ['duplicate'],
    additionalProperties: false,
  };
}
