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
      if (!sameJsonValue(back, value)) problems.push({ codec: codec.name, problem: `changed: ${show(value)} came back as ${show(back)}` });
    } catch (error) {
      problems.push({ codec: codec.name, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return problems;
}
