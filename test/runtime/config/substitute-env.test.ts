import { describe, expect, it } from 'vitest';
import { substituteEnv } from '../../../runtime/config/substitute-env.js';

describe('substituteEnv', () => {
  const env = { HOST: 'db.internal', PORT: '5432', EMPTY: '' };

  it('replaces ${VAR} inside and as a whole value, and marks whole-value pointers', () => {
    const result = substituteEnv({ url: 'postgres://${HOST}:${PORT}/app', port: '${PORT}' }, env);
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({ url: 'postgres://db.internal:5432/app', port: '5432' });
    expect([...result.whole]).toEqual(['/port']);
  });

  it('uses the default when the variable is unset or empty, and the value when it is set', () => {
    const result = substituteEnv({ a: '${MISSING:-fallback}', b: '${EMPTY:-fallback}', c: '${HOST:-fallback}', d: '${MISSING:-}' }, env);
    expect(result.value).toEqual({ a: 'fallback', b: 'fallback', c: 'db.internal', d: '' });
    expect(result.problems).toEqual([]);
  });

  it('keeps an empty variable without a default as the empty string', () => {
    expect(substituteEnv({ a: '${EMPTY}' }, env).value).toEqual({ a: '' });
  });

  it('writes $${...} as a literal ${...} and leaves other dollars alone', () => {
    const result = substituteEnv({ a: 'cost $5, literal $${HOST}', b: '$${HOST}' }, env);
    expect(result.value).toEqual({ a: 'cost $5, literal ${HOST}', b: '${HOST}' });
    expect(result.whole.size).toBe(0);
    expect(result.problems).toEqual([]);
  });

  it('reports an unset variable with the pointer of its key, including array indexes and escaped keys', () => {
    const result = substituteEnv({ services: [{ name: 'ok' }, { module: './${NOPE}.js' }], 'a/b': { '~k': '${ALSO_NOPE}' } }, env);
    expect(result.problems).toEqual([
      expect.objectContaining({ pointer: '/services/1/module', variable: 'NOPE' }),
      expect.objectContaining({ pointer: '/a~1b/~0k', variable: 'ALSO_NOPE' }),
    ]);
    expect(result.problems[0]?.reason).toMatch(/NOPE is not set/);
  });

  it('reports malformed references', () => {
    const result = substituteEnv({ a: '${1BAD}', b: 'x ${OPEN', c: '${}' }, env);
    expect(result.problems.map((p) => p.pointer)).toEqual(['/a', '/b', '/c']);
    expect(result.problems[1]?.reason).toMatch(/unterminated/);
  });

  it('does not touch keys, numbers, booleans or null, nor the input object', () => {
    const input = { '${HOST}': 1, flag: true, none: null, nested: ['${PORT}'] };
    const result = substituteEnv(input, env);
    expect(result.value).toEqual({ '${HOST}': 1, flag: true, none: null, nested: ['5432'] });
    expect(input.nested).toEqual(['${PORT}']);
  });
});
