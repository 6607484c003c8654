import { describe, expect, it } from 'vitest';
import { SUPPORTED_KEYWORDS } from '../../../generator/validate/keywords.js';
import { loadIssues, loadModel, message } from './helpers.js';

describe('SCHEMA_UNSUPPORTED_KEYWORD', () => {
  it('turns a typo into an unknown keyword with a suggestion', async () => {
    const issues = await loadIssues({ 'messages/user.json': message('User', { name: { type: 'string', minLenght: 1 } }) });
    expect(issues).toEqual([{
      code: 'SCHEMA_UNSUPPORTED_KEYWORD',
      file: 'messages/user.json',
      pointer: '/properties/name/minLenght',
      message: 'unknown keyword "minLenght" (did you mean "minLength"?)',
    }]);
  });

  it('does not mistake property names, enum values or defaults for keywords', async () => {
    await loadModel({
      'messages/odd.json': {
        ...message('Odd', { minLenght: { type: 'string', default: { bogus: 1 } }, $ref: { enum: [{ nope: true }] } }),
        examples: [{ anything: 1 }],
      },
    });
  });

  it('says that $dynamicRef is not supported, with advice', async () => {
    const issues = await loadIssues({ 'messages/tree.json': { ...message('Tree'), $dynamicAnchor: 'node', properties: { kids: { items: { $dynamicRef: '#node' } } } } });
    expect(issues.map((i) => [i.pointer, i.message])).toEqual([
      ['/$dynamicAnchor', 'keyword "$dynamicAnchor" is not supported by typewire: use "$anchor" and "$ref"'],
      ['/properties/kids/items/$dynamicRef', 'keyword "$dynamicRef" is not supported by typewire: use "$ref"'],
    ]);
  });

  it('says that unevaluatedItems is not supported (ajv cannot evaluate it correctly), with advice', async () => {
    const issues = await loadIssues({ 'messages/pair.json': message('Pair', { pair: { prefixItems: [{ type: 'string' }], unevaluatedItems: false } }) });
    expect(issues.map((i) => [i.code, i.pointer, i.message])).toEqual([
      ['SCHEMA_UNSUPPORTED_KEYWORD', '/properties/pair/unevaluatedItems', expect.stringMatching(/^keyword "unevaluatedItems" is not supported by typewire: use "items"/)],
    ]);
  });

  it('rejects a 2020-12 keyword in a draft-07 schema and a draft-07 keyword in a 2020-12 one', async () => {
    const issues = await loadIssues({
      'messages/old.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...message('Old'), properties: { pair: { prefixItems: [{ type: 'string' }] } } },
      'messages/new.json': { ...message('New'), properties: { pair: { items: { type: 'string' }, additionalItems: false } } },
    });
    expect(issues.map((i) => [i.file, i.pointer, i.message])).toEqual([
      ['messages/new.json', '/properties/pair/additionalItems', 'keyword "additionalItems" is not part of draft 2020-12, the dialect of this schema (it exists in draft-07)'],
      ['messages/old.json', '/properties/pair/prefixItems', 'keyword "prefixItems" is not part of draft-07, the dialect of this schema (it exists in draft 2020-12)'],
    ]);
  });

  it('reports unknown formats but accepts typewire and ajv-formats ones', async () => {
    const issues = await loadIssues({
      'messages/m.json': message('M', {
        at: { type: 'string', format: 'dat-time' },
        big: { type: 'integer', format: 'int64' },
        ubig: { type: 'integer', format: 'uint64' },
        raw: { type: 'string', format: 'binary' },
        id: { type: 'string', format: 'uuid' },
      }),
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'SCHEMA_UNSUPPORTED_KEYWORD', pointer: '/properties/at/format', message: 'unknown format "dat-time" (did you mean "date-time"?)' })]);
  });

  it('reports patterns that are not valid regular expressions (SCHEMA_INVALID)', async () => {
    const issues = await loadIssues({ 'messages/m.json': { ...message('M', { a: { type: 'string', pattern: '[a-' } }), patternProperties: { '(': {} } } });
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['SCHEMA_INVALID', '/patternProperties/('],
      ['SCHEMA_INVALID', '/properties/a/pattern'],
    ]);
    expect(issues[1]!.message).toContain('"[a-" is not a valid regular expression');
  });

  it('exports the supported list, covering both drafts', () => {
    for (const keyword of ['type', 'prefixItems', 'unevaluatedProperties', 'dependentRequired', 'additionalItems', 'dependencies', '$anchor', 'contentEncoding', 'deprecated']) {
      expect(SUPPORTED_KEYWORDS).toContain(keyword);
    }
    expect(SUPPORTED_KEYWORDS).not.toContain('$dynamicRef');
    expect(SUPPORTED_KEYWORDS).not.toContain('unevaluatedItems');
    expect([...SUPPORTED_KEYWORDS].sort()).toEqual(SUPPORTED_KEYWORDS);
  });
});
