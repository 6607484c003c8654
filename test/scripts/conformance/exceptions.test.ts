import { describe, expect, it } from 'vitest';
import { DESIGN_DEVIATIONS, FORMAT_GAPS, refusalReason } from '../../../scripts/conformance/exceptions.js';
import { KNOWN_FORMATS } from '../../../generator/validate/keywords.js';

describe('the format.json deviation', () => {
  const deviation = DESIGN_DEVIATIONS['format.json']!;

  it('explains a string the format keyword rejected where the suite expects an annotation only', () => {
    expect(deviation.explains({ data: '06/19/1963', expected: true, actual: false, errorKeyword: 'format' })).toBe(true);
  });

  it('explains nothing else', () => {
    expect(deviation.explains({ data: '06/19/1963', expected: true, actual: false, errorKeyword: 'type' })).toBe(false);
    expect(deviation.explains({ data: 12, expected: true, actual: false, errorKeyword: 'format' })).toBe(false);
    expect(deviation.explains({ data: 'x', expected: false, actual: true })).toBe(false);
    expect(deviation.explains({ data: 'x', expected: true, actual: null })).toBe(false);
  });
});

describe('FORMAT_GAPS', () => {
  it('names only optional/format files of formats typewire knows', () => {
    for (const file of Object.keys(FORMAT_GAPS)) {
      const match = /^optional\/format\/(.+)\.json$/.exec(file);
      expect(match, file).not.toBeNull();
      const format = match![1] === 'ecmascript-regex' ? 'regex' : match![1]!;
      expect(KNOWN_FORMATS, file).toContain(format);
    }
  });
});

describe('refusalReason', () => {
  it('gives the generator\'s reason for a schema naming __proto__, and nothing for others', () => {
    expect(refusalReason(JSON.parse('{ "properties": { "__proto__": {} } }'))).toMatch(/^refused: .*"__proto__"/);
    expect(refusalReason({ properties: { constructor: {} } })).toBeUndefined();
  });
});
