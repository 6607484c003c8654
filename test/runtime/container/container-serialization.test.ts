import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { Value } from '../../../runtime/container/value.js';
import { ValueContainer } from '../../../runtime/container/value-container.js';
import { thrownBy, succeedsOrFailsCoded } from '../codec/assertions.js';
import { mutations, randomInputs } from '../codec/fixtures.js';
import { containerArb, describeContainer, KIND_SAMPLES, nestedChain } from './helpers.js';

const header = { source: 'a', target: 'b', type: 'sample', id: 'id-1' };
const viaBinary = (c: ValueContainer): ValueContainer => ValueContainer.fromBinary(c.toBinary());
const viaJson = (c: ValueContainer): ValueContainer => ValueContainer.fromJSON(c.toJSONText());
const viaStringify = (c: ValueContainer): ValueContainer => ValueContainer.fromJSON(JSON.stringify(c));

describe.each([
  ['binary', viaBinary],
  ['JSON', viaJson],
  ['JSON.stringify', viaStringify],
])('container %s round trip', (_name, roundTrip) => {
  it.each(KIND_SAMPLES)('keeps %s exactly', (_label, value) => {
    const c = new ValueContainer(header).set('v', value);
    expect(describeContainer(roundTrip(c))).toEqual(describeContainer(c));
  });

  it('keeps every container fast-check builds', () => {
    fc.assert(
      fc.property(containerArb, (c) => {
        expect(describeContainer(roundTrip(c))).toEqual(describeContainer(c));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('keeps insertion order, integer-like keys included', () => {
    const c = new ValueContainer(header).set('b', Value.bool(true)).set('10', Value.bool(true)).set('2', Value.bool(true));
    expect(roundTrip(c).keys()).toEqual(['b', '10', '2']);
  });
});

describe('container JSON form', () => {
  it('carries kinds, so 64-bit integers stay exact and float is told apart from double', () => {
    const c = new ValueContainer(header)
      .set('big', Value.int64(9007199254740993n))
      .set('f', Value.float(0.5))
      .set('d', Value.double(0.5))
      .set('raw', Value.bytes(new Uint8Array([1, 2, 3])))
      .set('nz', Value.double(-0));
    expect(c.toJSON()).toEqual({
      header,
      values: [
        { key: 'big', k: 'int64', v: '9007199254740993' },
        { key: 'f', k: 'float', v: 0.5 },
        { key: 'd', k: 'double', v: 0.5 },
        { key: 'raw', k: 'bytes', v: 'AQID' },
        { key: 'nz', k: 'double', v: '-0' },
      ],
    });
  });

  it('accepts an already parsed value and small 64-bit integers written as numbers', () => {
    const parsed = { header, values: [{ key: 'n', k: 'uint64', v: 7 }] };
    expect(ValueContainer.fromJSON(parsed).getUint64('n')).toBe(7n);
  });
});

describe('container binary form', () => {
  it('writes small 64-bit integers compactly', () => {
    const small = new ValueContainer(header).set('n', Value.int64(5n)).toBinary().length;
    const large = new ValueContainer(header).set('n', Value.int64(2n ** 62n)).toBinary().length;
    expect(small).toBeLessThan(large);
  });
});

/** A binary container whose wire array is `wire`, built by hand to test what toBinary never writes. */
const binary = (wire: unknown): Uint8Array => encodeUntyped(wire);
const wireHeader = ['id', 'type', 'src', 'dst'];

describe('container decoding rejects malformed input', () => {
  it.each([
    ['not an array', { a: 1 }, '[formatVersion, container]'],
    ['unknown version', [2, [...wireHeader, []]], 'version'],
    ['bad header', [1, ['id', 5, 'src', 'dst', []]], '"type"'],
    ['short container', [1, ['id', 'type']], 'container must be'],
    ['unknown kind code', [1, [...wireHeader, ['k', 99, 1]]], 'unknown kind code 99'],
    ['wrong value type', [1, [...wireHeader, ['k', 11, 5]]], 'string needs a string'],
    ['int8 out of range', [1, [...wireHeader, ['k', 1, 300]]], 'int8 range'],
    ['uint64 negative', [1, [...wireHeader, ['k', 8, -1n]]], 'uint64 range'],
    ['float not float32', [1, [...wireHeader, ['k', 9, 0.1]]], 'not a 32-bit float'],
    ['duplicate key', [1, [...wireHeader, ['k', 0, true, 'k', 0, false]]], 'duplicate key'],
    ['non-string key', [1, [...wireHeader, [5, 0, true]]], 'must be a string'],
    ['bad array', [1, [...wireHeader, ['k', 14, [0]]]], 'array must be'],
  ])('binary: %s', (_name, wire, message) => {
    const error = thrownBy(() => ValueContainer.fromBinary(binary(wire)));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain(message);
  });

  it.each([
    ['not JSON', 'nope', 'JSON'],
    ['no header', '{"values":[]}', '"header"'],
    ['bad header field', JSON.stringify({ header: { ...header, id: 1 }, values: [] }), '"id"'],
    ['unknown kind', JSON.stringify({ header, values: [{ key: 'k', k: 'decimal', v: 1 }] }), 'unknown kind "decimal"'],
    ['int64 as a non-decimal string', JSON.stringify({ header, values: [{ key: 'k', k: 'int64', v: '1e3' }] }), 'decimal string'],
    ['int64 out of range', JSON.stringify({ header, values: [{ key: 'k', k: 'int64', v: '9223372036854775808' }] }), 'int64 range'],
    ['bad base64', JSON.stringify({ header, values: [{ key: 'k', k: 'bytes', v: '***' }] }), 'base64'],
    ['bad special number', JSON.stringify({ header, values: [{ key: 'k', k: 'double', v: 'nan' }] }), 'NaN, Infinity'],
    ['wrong value type', JSON.stringify({ header, values: [{ key: 'k', k: 'bool', v: 'true' }] }), 'bool needs a boolean'],
    ['duplicate key', JSON.stringify({ header, values: [{ key: 'k', k: 'bool', v: true }, { key: 'k', k: 'bool', v: true }] }), 'duplicate'],
  ])('JSON: %s', (_name, text, message) => {
    const error = thrownBy(() => ValueContainer.fromJSON(text));
    expect(error.code).toBe('SERIALIZATION_DECODE_FAILED');
    expect(error.message).toContain(message);
  });

  it('names where the bad value sits', () => {
    const text = JSON.stringify({ header, values: [{ key: 'list', k: 'array', v: [{ k: 'int8', v: 1 }, { k: 'int8', v: 999 }] }] });
    expect(thrownBy(() => ValueContainer.fromJSON(text)).message).toContain('$["list"][1]');
  });

  it('throws only coded errors for random bytes and mutations of a valid container', () => {
    const valid = new ValueContainer(header).set('a', Value.int32(1)).set('l', Value.array([Value.string('x'), Value.float(1.5)])).toBinary();
    for (const input of randomInputs(31, 2000, 48)) succeedsOrFailsCoded(() => ValueContainer.fromBinary(input));
    let failed = 0;
    for (const input of mutations(valid, 32, 2000)) if (succeedsOrFailsCoded(() => ValueContainer.fromBinary(input)) === 'failed') failed++;
    expect(failed).toBeGreaterThan(valid.length);
  });

  it('honours the size limit', () => {
    const c = new ValueContainer(header).set('s', Value.string('x'.repeat(200)));
    expect(thrownBy(() => ValueContainer.fromBinary(c.toBinary(), { maxBytes: 100 })).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(thrownBy(() => ValueContainer.fromJSON(c.toJSONText(), { maxBytes: 100 })).code).toBe('SERIALIZATION_TOO_LARGE');
  });
});

describe('container nesting depth', () => {
  it('allows 64 levels by default and refuses 65, in both forms and both directions', () => {
    expect(() => viaBinary(nestedChain(64))).not.toThrow();
    expect(() => viaJson(nestedChain(64))).not.toThrow();
    const deep = nestedChain(65);
    expect(thrownBy(() => deep.toBinary()).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(thrownBy(() => deep.toJSONText()).code).toBe('SERIALIZATION_TOO_LARGE');
    const binary = nestedChain(65).toBinary({ maxDepth: 100 });
    const json = nestedChain(65).toJSONText({ maxDepth: 100 });
    expect(thrownBy(() => ValueContainer.fromBinary(binary)).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(thrownBy(() => ValueContainer.fromJSON(json)).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(ValueContainer.fromBinary(binary, { maxDepth: 100 }).getContainer('child')).toBeDefined();
  });

  it('counts arrays as levels too', () => {
    let value = Value.array([]);
    for (let i = 0; i < 70; i++) value = Value.array([value]);
    const c = new ValueContainer(header).set('deep', value);
    expect(thrownBy(() => c.toBinary()).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('ends a cycle of containers at the depth limit instead of recursing forever', () => {
    const a = new ValueContainer({ type: 'a' });
    const b = new ValueContainer({ type: 'b' }).set('a', Value.container(a));
    a.set('b', Value.container(b));
    expect(thrownBy(() => a.toBinary()).code).toBe('SERIALIZATION_TOO_LARGE');
    expect(thrownBy(() => JSON.stringify(a)).code).toBe('SERIALIZATION_TOO_LARGE');
  });

  it('survives input nested deeper than the stack allows', () => {
    const deep = new Uint8Array(300_000).fill(0x91);
    expect(['SERIALIZATION_TOO_LARGE', 'SERIALIZATION_DECODE_FAILED']).toContain(thrownBy(() => ValueContainer.fromBinary(deep)).code);
  });
});
