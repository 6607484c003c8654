/**
 * How an envelope is stored in a log: the same envelope frame transports
 * send (runtime/codec/envelope-frame.ts), so an entry read back is exactly
 * what a remote subscriber would have received, payload still encoded.
 */
import type { CodecName } from '../../codec/codec.js';
import { decodeEnvelope, decodeUntyped, encodeEnvelope, encodeUntyped } from '../../codec/envelope-frame.js';
import type { MessageDescriptor } from '../../descriptors.js';
import type { Envelope } from '../../envelope.js';
import { TypewireError } from '../../errors/typewire-error.js';
import { DESCRIPTOR, EncodedPayload, type InternalEnvelope } from '../../internal/envelope-meta.js';
import { assertValid } from '../../validation/assert-valid.js';
import { toOffset } from './log-arguments.js';
import type { LogEntry } from './log-types.js';

/** How `append` encodes payloads. */
export interface AppendOptions<T> {
  /**
   * The payload's message descriptor: the payload is validated against it
   * (VALIDATION_FAILED before anything is written) and encoded with its
   * msgpack codec. Without one, a payload the runtime already knows the type
   * of keeps its codec, and anything else is encoded schema-less.
   */
  readonly descriptor?: MessageDescriptor<T>;
}

/** The stored frame of one envelope. Throws SERIALIZATION_ENCODE_FAILED or VALIDATION_FAILED. */
export function encodeLogFrame<T>(envelope: Envelope<T>, descriptor?: MessageDescriptor<T>): Uint8Array {
  if (typeof envelope !== 'object' || envelope === null) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `event log append: expected an envelope, got ${envelope === null ? 'null' : typeof envelope}`, {
      details: { operation: 'append', argument: 'envelope' },
    });
  }
  const internal = envelope as InternalEnvelope<T>;
  const payload: unknown = internal.payload;
  if (descriptor) {
    assertValid(descriptor, payload, 'outbound');
    return encodeEnvelope(envelope, descriptor.msgpack.encode(payload as T), 'msgpack');
  }
  if (payload instanceof EncodedPayload) return encodeEnvelope(envelope, payload.bytes, payload.codec);
  const known = internal[DESCRIPTOR];
  if (known) return encodeEnvelope(envelope, known.msgpack.encode(payload), 'msgpack');
  return encodeEnvelope(envelope, encodeUntyped(payload), 'msgpack');
}

/** A row of `typewire_log_entries` as the read query returns it. */
export interface EntryRow {
  readonly log_offset: unknown;
  readonly envelope: Uint8Array;
  readonly size: unknown;
  readonly appended_at: Date | string;
}

export function toLogEntry(topic: string, row: EntryRow): LogEntry {
  const { envelope, codec } = decodeEnvelope(row.envelope);
  return {
    topic,
    partition: 0,
    offset: toOffset(row.log_offset),
    envelope,
    codec,
    appendedAt: new Date(row.appended_at).getTime(),
    size: Number(row.size),
  };
}

/**
 * The payload of an entry. With a descriptor: decoded with the entry's codec
 * and validated (VALIDATION_FAILED names the schema path), typed as `T`.
 * Without: decoded schema-less (plain objects, `bigint` for 64-bit integers).
 */
export function readLogPayload<T>(entry: LogEntry, descriptor: MessageDescriptor<T>): T;
export function readLogPayload(entry: LogEntry): unknown;
export function readLogPayload<T>(entry: LogEntry, descriptor?: MessageDescriptor<T>): unknown {
  const bytes = entry.envelope.payload;
  if (descriptor) {
    const value = descriptor[entry.codec].decode(bytes);
    assertValid(descriptor, value, 'inbound');
    return value;
  }
  return decodeSchemaless(bytes, entry.codec);
}

function decodeSchemaless(bytes: Uint8Array, codec: CodecName): unknown {
  if (codec === 'json') return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  return decodeUntyped(bytes);
}
