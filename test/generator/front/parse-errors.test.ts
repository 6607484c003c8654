import { describe, expect, it } from 'vitest';
import { loadIssues, message } from './helpers.js';

describe('SCHEMA_PARSE_FAILED', () => {
  it('names the line and column of bad JSON', async () => {
    const issues = await loadIssues({ 'messages/bad.json': '{\n  "title": "Bad",\n  "type": "object",\n}\n' });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'SCHEMA_PARSE_FAILED', file: 'messages/bad.json', pointer: '', message: expect.stringContaining('line 4, column 1') }),
    ]);
  });

  it('names the line and column of bad YAML', async () => {
    const issues = await loadIssues({ 'services/x.service.yaml': 'service: x\nversion: 1.0.0\nmethods: [a, b\n' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'SCHEMA_PARSE_FAILED', file: 'services/x.service.yaml' });
    expect(issues[0]!.message).toMatch(/^invalid YAML at line \d+, column \d+: /);
  });

  it('reports duplicate YAML keys', async () => {
    const issues = await loadIssues({ 'services/x.service.yml': 'service: x\nversion: 1.0.0\nservice: y\n' });
    expect(issues.map((i) => i.code)).toEqual(['SCHEMA_PARSE_FAILED']);
    expect(issues[0]!.message).toMatch(/line 3/);
  });

  it('still checks the other files, and does not blame refs to the broken file', async () => {
    const issues = await loadIssues({
      'messages/broken.json': '{ "title": ',
      'messages/user.json': { ...message('User'), properties: { friend: { $ref: 'broken.json' }, name: { type: 'strng' } } },
    });
    expect(issues.map((i) => [i.code, i.file])).toEqual([
      ['SCHEMA_PARSE_FAILED', 'messages/broken.json'],
      ['SCHEMA_INVALID', 'messages/user.json'],
    ]);
  });
});
