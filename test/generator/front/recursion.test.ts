import { describe, expect, it } from 'vitest';
import { findMessage } from '../../../generator/front.js';
import { loadModel, message } from './helpers.js';

describe('recursive schemas', () => {
  it('keeps a self reference local in bundled and types it by name', async () => {
    const model = await loadModel({
      'messages/tree.json': message('TreeNode', { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } }),
    });
    const tree = findMessage(model, 'TreeNode')!;
    expect(tree.bundled.properties).toMatchObject({ children: { items: { $ref: '#' } } });
    expect(tree.bundled.$defs).toBeUndefined();
    expect(tree.typeSchema.properties).toMatchObject({ children: { items: { tsType: 'TreeNode' } } });
    expect(tree.references).toEqual([]);
  });

  it('handles recursion through $defs', async () => {
    const model = await loadModel({
      'messages/list.json': {
        title: 'List',
        $ref: '#/$defs/node',
        $defs: { node: { type: 'object', properties: { value: { type: 'number' }, next: { $ref: '#/$defs/node' } } } },
      },
    });
    expect(findMessage(model, 'List')!.bundled.$defs).toEqual({
      node: { type: 'object', properties: { value: { type: 'number' }, next: { $ref: '#/$defs/node' } } },
    });
  });

  it('handles mutual recursion across files', async () => {
    const model = await loadModel({
      'messages/person.json': message('Person', { employer: { $ref: 'company.json' } }),
      'messages/company.json': message('Company', { staff: { type: 'array', items: { $ref: 'person.json' } } }),
    });
    const person = findMessage(model, 'Person')!;
    expect(person.bundled.properties).toEqual({ employer: { $ref: '#/$defs/Company' } });
    // Inside the inlined Company, the ref back to Person is the bundle's root.
    expect((person.bundled.$defs as Record<string, { properties: unknown }>).Company!.properties).toEqual({ staff: { type: 'array', items: { $ref: '#' } } });
    expect(person.references).toEqual(['Company']);
    expect(findMessage(model, 'Company')!.references).toEqual(['Person']);
  });
});
