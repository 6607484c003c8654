import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { remoteSchemasFor } from '../../../scripts/conformance/remotes.js';

describe('remoteSchemasFor', () => {
  const remotes = mkdtempSync(join(tmpdir(), 'typewire-remotes-'));
  mkdirSync(join(remotes, 'draft2020-12'));
  writeFileSync(join(remotes, 'draft2020-12', 'integer.json'), JSON.stringify({ type: 'integer' }));
  writeFileSync(join(remotes, 'draft2020-12', 'wrapper.json'), JSON.stringify({ $ref: 'integer.json' }));
  afterAll(() => rmSync(remotes, { recursive: true, force: true }));

  it('finds referenced documents transitively and gives them their URL as $id', () => {
    const { remotes: found, missing } = remoteSchemasFor({ $ref: 'http://localhost:1234/draft2020-12/wrapper.json#/x' }, remotes);
    expect(missing).toEqual([]);
    expect(found.map((r) => r.url)).toEqual(['http://localhost:1234/draft2020-12/integer.json', 'http://localhost:1234/draft2020-12/wrapper.json']);
    expect(found[0]!.schema).toEqual({ $id: 'http://localhost:1234/draft2020-12/integer.json', type: 'integer' });
  });

  it('resolves relative refs against $id scopes and skips resources the schema defines itself', () => {
    const schema = {
      $id: 'http://localhost:1234/draft2020-12/root.json',
      properties: { a: { $ref: 'integer.json' }, b: { $ref: 'local/' } },
      $defs: { local: { $id: 'local/', type: 'string' } },
    };
    expect(remoteSchemasFor(schema, remotes).remotes.map((r) => r.url)).toEqual(['http://localhost:1234/draft2020-12/integer.json']);
  });

  it('ignores local refs and reports remote URLs with no file', () => {
    expect(remoteSchemasFor({ $ref: '#/$defs/a', $defs: { a: {} } }, remotes)).toEqual({ remotes: [], missing: [] });
    expect(remoteSchemasFor({ $ref: 'http://localhost:1234/nope.json' }, remotes).missing).toEqual(['http://localhost:1234/nope.json']);
  });
});
