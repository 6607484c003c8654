import { describe, expect, it } from 'vitest';
import { findMessage } from '../../../generator/front.js';
import { loadIssues, loadModel, message } from './helpers.js';

describe('draft-07 schemas', () => {
  it('detects draft-07 with or without the trailing #, and defaults to 2020-12', async () => {
    const model = await loadModel({
      'messages/a.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...message('A') },
      'messages/b.json': { $schema: 'http://json-schema.org/draft-07/schema', ...message('B') },
      'messages/c.json': message('C'),
    });
    expect(model.messages.map((m) => [m.name, m.draft, m.bundled.$schema])).toEqual([
      ['A', '07', 'http://json-schema.org/draft-07/schema#'],
      ['B', '07', 'http://json-schema.org/draft-07/schema#'],
      ['C', '2020-12', 'https://json-schema.org/draft/2020-12/schema'],
    ]);
  });

  it('inlines refs under definitions and keeps draft-07 keywords', async () => {
    const model = await loadModel({
      'messages/point.json': { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Point', type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false },
      'messages/shape.json': {
        $schema: 'http://json-schema.org/draft-07/schema#',
        ...message('Shape', { at: { $ref: 'point.json' }, kind: { $ref: '#/definitions/kind' } }),
        definitions: { kind: { enum: ['circle', 'square'] } },
      },
    });
    const shape = findMessage(model, 'Shape')!;
    expect(shape.bundled.$defs).toBeUndefined();
    expect(Object.keys(shape.bundled.definitions as object)).toEqual(['kind', 'Point']);
    expect(shape.bundled.properties).toEqual({ at: { $ref: '#/definitions/Point' }, kind: { $ref: '#/definitions/kind' } });
  });

  it('reports a draft-07-only keyword pulled into a 2020-12 message', async () => {
    const issues = await loadIssues({
      'messages/point.json': { $schema: 'http://json-schema.org/draft-07/schema#', title: 'Point', type: 'array', items: [{ type: 'number' }], additionalItems: false },
      'messages/shape.json': message('Shape', { at: { $ref: 'point.json' } }),
    });
    expect(issues.map((i) => [i.code, i.file, i.pointer])).toEqual([
      ['SCHEMA_UNSUPPORTED_KEYWORD', 'messages/point.json', '/additionalItems'],
      ['SCHEMA_UNSUPPORTED_KEYWORD', 'messages/point.json', '/items'],
    ]);
    expect(issues[1]!.message).toBe('"items" as an array is not part of draft 2020-12, but this schema is referenced from the draft 2020-12 schema at messages/shape.json#/properties/at');
  });

  it('allows refs across drafts when the keywords mean the same in both', async () => {
    const model = await loadModel({
      'messages/reading.json': { $schema: 'http://json-schema.org/draft-07/schema#', ...message('Reading', { v: { type: 'number', minimum: 0 } }) },
      'messages/batch.json': message('Batch', { readings: { type: 'array', items: { $ref: 'reading.json' } } }),
    });
    expect(findMessage(model, 'Batch')!.draft).toBe('2020-12');
    expect(findMessage(model, 'Batch')!.references).toEqual(['Reading']);
  });
});
