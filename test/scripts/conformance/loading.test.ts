import { describe, expect, it } from 'vitest';
import { sameJsonValue } from '../../../scripts/conformance/json-equal.js';
import { relinkCodegen } from '../../../scripts/conformance/load-module.js';

describe('relinkCodegen', () => {
  it('points both quote styles of the codegen specifier at the given URL and nothing else', () => {
    const code = `import { ajvEqual } from 'typewire/codegen';\nimport x from "typewire/codegen";\nconst s = 'typewire/codegenX';\n`;
    expect(relinkCodegen(code, 'file:///x/codegen.js')).toBe(
      `import { ajvEqual } from "file:///x/codegen.js";\nimport x from "file:///x/codegen.js";\nconst s = 'typewire/codegenX';\n`,
    );
  });
});

describe('sameJsonValue', () => {
  it('compares objects by own keys in any order, and numbers by value', () => {
    expect(sameJsonValue({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] })).toBe(true);
    expect(sameJsonValue(-0, 0)).toBe(true);
    expect(sameJsonValue([1, 2], [2, 1])).toBe(false);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJsonValue([], {})).toBe(false);
    expect(sameJsonValue(1, '1')).toBe(false);
  });

  it('tells a "__proto__" key from a changed prototype or a renamed key', () => {
    const parsed = JSON.parse('{"__proto__": 12}') as unknown;
    expect(sameJsonValue(parsed, JSON.parse('{"__proto__": 12}'))).toBe(true);
    expect(sameJsonValue(parsed, { __proto_: 12 })).toBe(false);
    expect(sameJsonValue(parsed, {})).toBe(false);
  });
});
