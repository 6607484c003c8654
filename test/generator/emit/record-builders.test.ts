import { describe, expect, it } from 'vitest';
import { recordBuildersSource } from '../../../generator/emit/record-builders.js';
import { buildsShape, type CompiledShapes, type RecordBuilder } from '../../../runtime/codec/record-builders.js';

/** The emitted argument is plain JavaScript too (no type annotations), so a test can run it. */
function evaluate(source: string): CompiledShapes {
  return new Function(`return (${source});`)() as CompiledShapes;
}

describe('recordBuildersSource', () => {
  it('prints one literal builder per key list, in order, in the literal printer style', () => {
    expect(recordBuildersSource([['street', 'city'], ['sku']])).toBe(
      [
        '{',
        '  records: [',
        '    (field) => ({ street: field(0), city: field(1) }),',
        '    (field) => ({ sku: field(0) }),',
        '  ],',
        '}',
      ].join('\n'),
    );
  });

  it('breaks a long builder over lines, indented from where it is printed', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `property${i}`);
    const lines = recordBuildersSource([keys], '  ').split('\n');
    expect(lines[2]).toBe('      (field) => ({');
    expect(lines[3]).toBe('        property0: field(0),');
    expect(lines[14]).toBe('        property11: field(11),');
    expect(lines[15]).toBe('      }),');
  });

  it('builds exactly the shape the decoder expects for awkward keys', () => {
    const awkward = [['__proto__', 'constructor', 'toString'], ["it's", 'back\\slash', 'new\nline', '\u2028'], ['2', '1', 'b', 'a'], ['😀', 'a-b', ''], []];
    const { records = [] } = evaluate(recordBuildersSource(awkward));
    expect(records).toHaveLength(awkward.length);
    awkward.forEach((keys, i) => expect(buildsShape(records[i]!, keys)).toBe(true));
    const proto = records[0]!((index) => index) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto_', 'constructor', 'toString']);
  });

  it('is checked against its key list: a builder for other keys or another order is refused', () => {
    const build = evaluate(recordBuildersSource([['a', 'b']])).records![0]!;
    expect(buildsShape(build, ['a', 'b'])).toBe(true);
    expect(buildsShape(build, ['b', 'a'])).toBe(false);
    expect(buildsShape(build, ['a', 'b', 'c'])).toBe(false);
    const outOfOrder: RecordBuilder = (field) => {
      const b = field(1);
      return { a: field(0), b };
    };
    expect(buildsShape(outOfOrder, ['a', 'b'])).toBe(false);
    expect(buildsShape((field) => ({ __proto__: field(0) }), ['__proto__'])).toBe(false);
  });
});
