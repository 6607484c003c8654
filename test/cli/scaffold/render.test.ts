import { describe, expect, it } from 'vitest';
import { fillPlaceholders, outputName } from '../../../cli/scaffold/render.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

describe('fillPlaceholders', () => {
  it('fills placeholders inside identifiers and strings', () => {
    const text = "import { __DEFINE__ } from '__FROM__';\nexport const __CAMEL__Service = __DEFINE__({});";
    expect(fillPlaceholders(text, { DEFINE: 'defineInventoryService', FROM: '../gen/index.js', CAMEL: 'inventory' }, 't')).toBe(
      "import { defineInventoryService } from '../gen/index.js';\nexport const inventoryService = defineInventoryService({});",
    );
  });

  it('leaves lower-case dunder names such as __dirname alone', () => {
    expect(fillPlaceholders('__dirname __proto__', {}, 't')).toBe('__dirname __proto__');
  });

  it('fails on a placeholder without a value, naming the template', () => {
    expect(() => fillPlaceholders('x __NOPE__', {}, 'service/handler.ts')).toThrow(TypewireError);
    expect(() => fillPlaceholders('x __NOPE__', {}, 'service/handler.ts')).toThrow(/service\/handler\.ts.*__NOPE__/);
  });
});

describe('outputName', () => {
  it('restores the names npm would mangle', () => {
    expect(outputName('gitignore.tmpl')).toBe('.gitignore');
    expect(outputName('package.json.tmpl')).toBe('package.json');
    expect(outputName('src/main.ts')).toBe('src/main.ts');
  });
});
