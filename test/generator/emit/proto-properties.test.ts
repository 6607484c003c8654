import { describe, expect, it } from 'vitest';
import { protoPropertyProblems } from '../../../generator/emit/proto-properties.js';

/** Schemas as a file would give them: JSON.parse keeps "__proto__" as an own key. */
const parse = (json: string): unknown => JSON.parse(json);

describe('protoPropertyProblems', () => {
  it('finds every place that names a __proto__ property, with its path', () => {
    const schema = parse(`{
      "properties": { "__proto__": { "type": "number" }, "nested": { "required": ["a", "__proto__"] } },
      "dependentRequired": { "a": ["__proto__"] },
      "dependentSchemas": { "__proto__": {} },
      "$defs": { "old": { "dependencies": { "__proto__": ["b"] } } }
    }`);
    expect(protoPropertyProblems(schema).map((p) => p.path.join('/'))).toEqual([
      'properties/__proto__',
      'dependentSchemas/__proto__',
      'dependentRequired/a',
      'properties/nested/required',
      '$defs/old/dependencies/__proto__',
    ]);
  });

  it('accepts other JavaScript member names and mere mentions in data', () => {
    const schema = parse(`{
      "properties": { "constructor": { "type": "number" }, "toString": {}, "__proto_": {} },
      "required": ["constructor"],
      "enum": [{ "__proto__": 1 }],
      "examples": [{ "__proto__": 1 }]
    }`);
    expect(protoPropertyProblems(schema)).toEqual([]);
  });
});
