import { describe, expect, it } from 'vitest';
import type { Codec } from '../../../runtime/codec/codec.js';
import type { MessageDescriptor } from '../../../runtime/descriptors.js';
import { PROTO_LIMITATION, roundTripProblems, withProtoKeysRenamed } from '../../../scripts/conformance/round-trip.js';

/** A codec that hands back `change(value)` instead of the value it encoded. */
function fakeCodec(name: 'msgpack' | 'json', change: (value: unknown) => unknown): Codec<unknown> {
  let last: unknown;
  return {
    name,
    encode(value) {
      last = value;
      return new Uint8Array(0);
    },
    decode: () => change(last),
  };
}

function message(msgpack: (value: unknown) => unknown, json: (value: unknown) => unknown = (v) => v): MessageDescriptor<unknown> {
  return { msgpack: fakeCodec('msgpack', msgpack), json: fakeCodec('json', json) } as unknown as MessageDescriptor<unknown>;
}

const withProto = (): unknown => JSON.parse('{"a": [{"__proto__": 1}], "__proto__": {"b": 2}}');

describe('withProtoKeysRenamed', () => {
  it('renames own __proto__ keys at every depth, as msgpackr decodes them', () => {
    expect(JSON.stringify(withProtoKeysRenamed(withProto()))).toBe('{"a":[{"__proto_":1}],"__proto_":{"b":2}}');
  });
});

describe('roundTripProblems', () => {
  it('reports a msgpack rename of __proto__ as the documented limitation, not a failure', () => {
    const problems = roundTripProblems(message(withProtoKeysRenamed), withProto());
    expect(problems).toEqual([{ codec: 'msgpack', problem: expect.stringContaining('came back as'), limitation: PROTO_LIMITATION }]);
  });

  it('reports any other change as a failure, and the same rename by the JSON codec too', () => {
    const dropped = roundTripProblems(message(() => JSON.parse('{"a": [{}]}')), withProto());
    expect(dropped).toEqual([{ codec: 'msgpack', problem: expect.stringContaining('changed') }]);
    const json = roundTripProblems(message((v) => v, withProtoKeysRenamed), withProto());
    expect(json).toEqual([{ codec: 'json', problem: expect.stringContaining('changed') }]);
  });

  it('finds nothing when both codecs give the value back', () => {
    expect(roundTripProblems(message((v) => structuredClone(v)), { a: [1, 'x'] })).toEqual([]);
  });
});
