/**
 * A valid instance must survive the wire: encode then decode with the msgpack
 * and the JSON codec gives the same JSON value back. The codecs are made the
 * way generated code makes them, minus what a suite schema cannot have
 * (record structures and int64/bytes paths come from typewire's own schemas).
 */
import { defineMessage } from '../../runtime/codec/define-message.js';
import type { MessageDescriptor, ValidateFunction } from '../../runtime/descriptors.js';
import { sameJsonValue } from './json-equal.js';

export interface RoundTripProblem {
  readonly codec: 'msgpack' | 'json';
  /** What went wrong: the error's message, or `changed` with the value that came back. */
  readonly problem: string;
  /** Set when the change is a documented limitation rather than a failure. */
  readonly limitation?: string;
}

/**
 * msgpackr decodes a `__proto__` key as `__proto_` (its guard against prototype
 * pollution). The generator refuses schemas that name `__proto__`
 * (generator/emit/proto-properties.ts); an instance of a looser schema can still
 * hold one, and that is the only change the msgpack round trip may make.
 */
export const PROTO_LIMITATION = 'msgpack decodes a "__proto__" key as "__proto_" (msgpackr\'s prototype-pollution guard); schemas naming "__proto__" are refused';

/** The value with every own `__proto__` key renamed `__proto_`, as msgpackr gives it back. */
export function withProtoKeysRenamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withProtoKeysRenamed);
  if (value === null || typeof value !== 'object') return value;
  // Object.fromEntries defines own properties, so a `__proto__` entry stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key === '__proto__' ? '__proto_' : key, withProtoKeysRenamed(item)]));
}

export function conformanceMessage(name: string, validate: ValidateFunction): MessageDescriptor<unknown> {
  return defineMessage<unknown>({
    name,
    schemaId: `typewire:conformance/${name}`,
    fingerprint: '',
    validate,
    structures: [],
    special: { int64: [], bytes: [] },
  });
}

function show(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 120 ? `${text.slice(0, 120)}…` : text;
  } catch {
    return String(value);
  }
}

/** The problems of one value's round trips; empty when both codecs give it back unchanged. */
export function roundTripProblems(message: MessageDescriptor<unknown>, value: unknown): RoundTripProblem[] {
  const problems: RoundTripProblem[] = [];
  for (const codec of [message.msgpack, message.json]) {
    try {
      const back = codec.decode(codec.encode(value));
      if (sameJsonValue(back, value)) continue;
      const problem = `changed: ${show(value)} came back as ${show(back)}`;
      const limited = codec.name === 'msgpack' && sameJsonValue(back, withProtoKeysRenamed(value));
      problems.push(limited ? { codec: codec.name, problem, limitation: PROTO_LIMITATION } : { codec: codec.name, problem });
    } catch (error) {
      problems.push({ codec: codec.name, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return problems;
}
