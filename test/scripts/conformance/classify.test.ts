import { describe, expect, it } from 'vitest';
import { fileKeywords, schemaFormats, schemaKeywords, unsupportedNames } from '../../../scripts/conformance/classify.js';

describe('fileKeywords', () => {
  it('maps a file to the keyword it tests', () => {
    expect(fileKeywords('minLength.json')).toEqual(['minLength']);
    expect(fileKeywords('ref.json')).toEqual(['$ref']);
    expect(fileKeywords('if-then-else.json')).toEqual(['if', 'then', 'else']);
    expect(fileKeywords('optional/format/email.json')).toEqual(['format']);
    expect(fileKeywords('boolean_schema.json')).toEqual([]);
  });
});

describe('schemaKeywords', () => {
  it('collects keywords from every subschema but not property names or enum values', () => {
    const schema = {
      type: 'object',
      properties: { minLength: { $ref: '#/$defs/x' }, items: { enum: [{ pattern: 'a' }] } },
      $defs: { x: { anyOf: [{ maximum: 3 }, true] } },
    };
    expect([...schemaKeywords(schema)].sort()).toEqual(['$defs', '$ref', 'anyOf', 'enum', 'maximum', 'properties', 'type']);
  });

  it('finds nothing in a boolean schema', () => {
    expect(schemaKeywords(true).size).toBe(0);
  });
});

describe('schemaFormats and unsupportedNames', () => {
  it('lists formats in subschemas and the names outside a supported set', () => {
    const formats = schemaFormats({ format: 'email', items: { format: 'idn-email' }, properties: { format: { type: 'string' } } });
    expect([...formats].sort()).toEqual(['email', 'idn-email']);
    expect(unsupportedNames(formats, new Set(['email']))).toEqual(['idn-email']);
  });
});
