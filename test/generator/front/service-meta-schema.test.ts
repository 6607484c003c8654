import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_SCHEMA } from '../../../generator/meta/service-schema.js';

describe('the service meta-schema', () => {
  it('has a committed JSON copy equal to the TypeScript module', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../../generator/meta/service.schema.json', import.meta.url), 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(SERVICE_SCHEMA)));
  });
});
