import { describe, expect, it } from 'vitest';
import { restoreSpecialValues } from '../../../cli/instances/special-values.js';

describe('restoreSpecialValues', () => {
  it('turns int64 numbers and decimal strings into bigint, through arrays', () => {
    const instance = { total: 12, items: [{ price: '9007199254740993' }, { price: 5 }], name: 'x' };
    const { value, problems } = restoreSpecialValues(instance, { int64: [['total'], ['items', '*', 'price']], bytes: [] });
    expect(value).toEqual({ total: 12n, items: [{ price: 9007199254740993n }, { price: 5n }], name: 'x' });
    expect(problems).toEqual([]);
  });

  it('turns base64 (and base64url) strings into bytes, through map values', () => {
    const instance = { raw: 'AQID', frames: { a: '_-8', b: 'AAE=' } };
    const { value } = restoreSpecialValues(instance, { int64: [], bytes: [['raw'], ['frames', '*']] });
    const result = value as { raw: Uint8Array; frames: Record<string, Uint8Array> };
    expect(result.raw).toEqual(new Uint8Array([1, 2, 3]));
    expect(result.frames['a']).toEqual(new Uint8Array([255, 239]));
    expect(result.frames['b']).toEqual(new Uint8Array([0, 1]));
  });

  it('leaves values of the wrong type for the validator to report', () => {
    const { value } = restoreSpecialValues({ total: 'twelve', at: 1.5, raw: 42, missing: undefined }, { int64: [['total'], ['at']], bytes: [['raw']] });
    expect(value).toEqual({ total: 'twelve', at: 1.5, raw: 42, missing: undefined });
  });

  it('does not add absent optional fields', () => {
    const { value } = restoreSpecialValues({}, { int64: [['total']], bytes: [['raw']] });
    expect(value).toEqual({});
  });

  it('reports an int64 written as a number past 2^53, with its JSON pointer', () => {
    const { problems } = restoreSpecialValues(JSON.parse('{"a/b":{"n":9007199254740993}}'), { int64: [['a/b', 'n']], bytes: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('/a~1b/n');
    expect(problems[0]!.message).toContain('decimal string');
  });

  it('converts the message itself when its path is empty', () => {
    expect(restoreSpecialValues('42', { int64: [[]], bytes: [] }).value).toBe(42n);
  });
});

describe('restoreSpecialValues on tuples', () => {
  it('follows a tuple position given as an index', () => {
    const { value } = restoreSpecialValues({ pair: ['a', '7'] }, { int64: [['pair', '1']], bytes: [] });
    expect(value).toEqual({ pair: ['a', 7n] });
  });
});
