import { describe, expect, it } from 'vitest';
import { loadIssues, message, service } from './helpers.js';

describe('reporting', () => {
  it('reports every problem of every kind in one run, sorted by file and pointer', async () => {
    const issues = await loadIssues({
      'messages/a.json': '{ oops',
      'messages/b.json': message('B', { x: { type: 'string', maxLenght: 3 }, y: { $ref: 'missing.json' } }),
      'messages/c.json': { type: 'object' },
      'services/s.service.json': service('s', {
        methods: { get: { request: { $ref: '../messages/b.json' }, response: { $ref: '../messages/b.json' }, timeout: 1 } },
        subscriptions: { none: { pattern: 'nothing.#' } },
      }),
    });
    expect(issues.map((i) => [i.code, i.file, i.pointer])).toEqual([
      ['SCHEMA_PARSE_FAILED', 'messages/a.json', ''],
      ['SCHEMA_UNSUPPORTED_KEYWORD', 'messages/b.json', '/properties/x/maxLenght'],
      ['SCHEMA_BAD_REF', 'messages/b.json', '/properties/y/$ref'],
      ['SCHEMA_INVALID', 'messages/c.json', ''],
      ['SCHEMA_INVALID', 'services/s.service.json', '/methods/get/timeout'],
      ['SCHEMA_UNMATCHED_PATTERN', 'services/s.service.json', '/subscriptions/none/pattern'],
    ]);
  });
});
