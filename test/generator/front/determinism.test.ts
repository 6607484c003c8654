import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSchemaModel } from '../../../generator/front.js';
import { canonicalJson } from '../../../generator/resolve/fingerprint.js';
import { message, service, writeSchemas } from './helpers.js';

const files = {
  'messages/b.json': message('B', { a: { $ref: 'a.json' } }),
  'messages/a.json': message('A'),
  'services/z.service.json': service('z', { events: { e: { topic: 'z.e', payload: { $ref: '../messages/b.json' } } } }),
  'services/y.service.yaml': 'service: y\nversion: 1.0.0\nsubscriptions:\n  all: { pattern: "#" }\n',
};

describe('determinism', () => {
  it('gives a deep-equal model when loaded twice, and when files were written in another order', async () => {
    const first = await loadSchemaModel(writeSchemas(files));
    const second = await loadSchemaModel(writeSchemas(files));
    const reversed = await loadSchemaModel(writeSchemas(Object.fromEntries(Object.entries(files).reverse())));
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(reversed).toEqual(first);
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(first));
  });

  it('fingerprints the canonical JSON of the bundled schema', async () => {
    const result = await loadSchemaModel(writeSchemas(files));
    if (!result.ok) expect.fail('did not load');
    for (const m of result.model.messages) {
      expect(m.fingerprint).toBe(createHash('sha256').update(canonicalJson(m.bundled)).digest('hex'));
    }
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
  });

  it('changes the fingerprint of a message when a message it references changes', async () => {
    const before = await loadSchemaModel(writeSchemas(files));
    const after = await loadSchemaModel(writeSchemas({ ...files, 'messages/a.json': message('A', { id: { type: 'integer' } }) }));
    if (!before.ok || !after.ok) expect.fail('did not load');
    const print = (r: typeof before, name: string) => (r.ok ? r.model.messages.find((m) => m.name === name)?.fingerprint : undefined);
    expect(print(after, 'B')).not.toBe(print(before, 'B'));
  });
});
