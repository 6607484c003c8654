import { describe, expect, it } from 'vitest';
import { createPalette } from '../../../cli/output/color.js';
import { countByStatus, generateSummary, staleFiles } from '../../../cli/output/file-summary.js';
import { formatError, formatLocated, plural } from '../../../cli/output/format.js';
import { displayPath } from '../../../cli/output/paths.js';

const plain = createPalette(false);

describe('formatLocated', () => {
  it('prints file#pointer: CODE message', () => {
    const line = formatLocated({ file: 'messages/a.json', pointer: '/properties/id', code: 'SCHEMA_INVALID', message: 'must be object' }, plain);
    expect(line).toBe('messages/a.json#/properties/id: SCHEMA_INVALID must be object');
  });

  it('drops the # for the whole document', () => {
    expect(formatLocated({ file: 'a.json', pointer: '', code: 'SCHEMA_PARSE_FAILED', message: 'bad JSON' }, plain)).toBe('a.json: SCHEMA_PARSE_FAILED bad JSON');
  });
});

describe('formatError', () => {
  it('prints error CODE: message', () => {
    expect(formatError('CONFIG_INVALID', 'nope', plain)).toBe('error CONFIG_INVALID: nope');
  });
});

describe('plural', () => {
  it('uses the singular for one only', () => {
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'file')).toBe('2 files');
  });
});

describe('generate summary', () => {
  const files = [
    { path: 'a.ts', status: 'unchanged' as const },
    { path: 'b.ts', status: 'updated' as const },
    { path: 'c.ts', status: 'unchanged' as const },
    { path: 'd.ts', status: 'created' as const },
  ];

  it('counts only the statuses that occur, in a fixed order', () => {
    expect(countByStatus(files)).toBe('1 created, 1 updated, 2 unchanged');
    expect(countByStatus([])).toBe('no files');
  });

  it('reads like the documented summary line', () => {
    expect(generateSummary(14, 3, files)).toBe('generated 14 messages, 3 services: 1 created, 1 updated, 2 unchanged');
    expect(generateSummary(1, 1, [])).toBe('generated 1 message, 1 service: no files');
  });

  it('calls every changed file stale', () => {
    expect(staleFiles(files).map((f) => f.path)).toEqual(['b.ts', 'd.ts']);
  });
});

describe('displayPath', () => {
  it('shows absolute paths relative to the working folder', () => {
    expect(displayPath('/work/app/generated/index.ts', '/work/app')).toBe('generated/index.ts');
    expect(displayPath('/work/app', '/work/app')).toBe('.');
    expect(displayPath('generated/x.ts', '/anywhere')).toBe('generated/x.ts');
  });
});

describe('formatLocated without a file', () => {
  it('falls back to the error shape', () => {
    expect(formatLocated({ file: '', pointer: '', code: 'SCHEMA_NO_INPUT', message: 'no schemas' }, plain)).toBe('error SCHEMA_NO_INPUT: no schemas');
  });
});
