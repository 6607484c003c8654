import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemaModel } from '../../../generator/front.js';
import { writeSchemas } from './helpers.js';

describe('SCHEMA_NO_INPUT', () => {
  it('reports a folder that does not exist', async () => {
    const result = await loadSchemaModel(join(writeSchemas({}), 'nope'));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'SCHEMA_NO_INPUT', message: expect.stringContaining('does not exist') }] });
  });

  it('reports a folder without schema files (other files are not schema files)', async () => {
    const result = await loadSchemaModel(writeSchemas({ 'README.md': 'hi', 'messages/notes.txt': 'x', 'messages/.hidden.json': '{}' }));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'SCHEMA_NO_INPUT', message: expect.stringContaining('holds no schema files') }] });
  });
});
