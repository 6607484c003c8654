import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { findMessage, loadSchemaModel } from '../../../generator/front.js';
import type { MessageModel } from '../../../generator/model/types.js';
import { loadModel, message } from './helpers.js';

/** Compiles a bundled schema the way the validator emitter must: the draft picks the ajv class. */
function compile(m: MessageModel) {
  const options = { strict: true, allErrors: false };
  const ajv = m.draft === '07' ? new AjvModule.default(options) : new Ajv2020Module.default(options);
  addFormatsModule.default(ajv);
  ajv.addFormat('uint64', true);
  return ajv.compile(m.bundled);
}

describe('bundled schemas', () => {
  it('compile in ajv strict mode for every example message', async () => {
    const result = await loadSchemaModel(fileURLToPath(new URL('../../../schemas', import.meta.url)));
    if (!result.ok) expect.fail('did not load');
    for (const m of result.model.messages) expect(() => compile(m), m.name).not.toThrow();
  });

  it('validate through inlined cross-file refs', async () => {
    const model = await loadModel({
      'messages/line.json': message('Line', { sku: { type: 'string', pattern: '^[A-Z]+$' } }),
      'messages/order.json': { ...message('Order', { lines: { type: 'array', items: { $ref: 'line.json' } } }), required: ['lines'] },
    });
    const validate = compile(findMessage(model, 'Order')!);
    expect(validate({ lines: [{ sku: 'ABC' }] })).toBe(true);
    expect(validate({ lines: [{ sku: 'abc' }] })).toBe(false);
  });

  it('validate recursive data', async () => {
    const model = await loadModel({
      'messages/person.json': message('Person', { name: { type: 'string' }, employer: { $ref: 'company.json' } }),
      'messages/company.json': message('Company', { staff: { type: 'array', items: { $ref: 'person.json' } } }),
    });
    const validate = compile(findMessage(model, 'Person')!);
    expect(validate({ name: 'a', employer: { staff: [{ name: 'b', employer: { staff: [] } }] } })).toBe(true);
    expect(validate({ name: 'a', employer: { staff: [{ name: 3 }] } })).toBe(false);
  });

  it('keep draft-07 tuple items working under the draft-07 class', async () => {
    const model = await loadModel({
      'messages/point.json': { $schema: 'http://json-schema.org/draft-07/schema', title: 'Point', type: 'array', items: [{ type: 'number' }, { type: 'number' }], minItems: 2, additionalItems: false },
      'messages/shape.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...message('Shape', { at: { $ref: 'point.json' } }) },
    });
    const validate = compile(findMessage(model, 'Shape')!);
    expect(validate({ at: [1, 2] })).toBe(true);
    expect(validate({ at: [1, 2, 3] })).toBe(false);
  });
});
