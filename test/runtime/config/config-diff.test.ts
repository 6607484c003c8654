import { describe, expect, it } from 'vitest';
import { diffConfig } from '../../../runtime/config/config-diff.js';
import { parseConfig } from '../../../runtime/config/load-config.js';

const parse = (text: string) => parseConfig(text, { env: {} });

describe('diffConfig', () => {
  it('finds nothing between equal configurations', () => {
    expect(diffConfig(parse('server: { port: 1 }'), parse('server:\n  port: 1\n')).changes).toEqual([]);
  });

  it('lists each changed leaf and classifies the log level as hot, the port as restart', () => {
    const diff = diffConfig(parse('logging: { level: info }\nserver: { port: 1 }'), parse('logging: { level: debug }\nserver: { port: 2 }'));
    expect(diff.changes).toEqual([
      { pointer: '/logging/level', before: 'info', after: 'debug', hot: true },
      { pointer: '/server/port', before: 1, after: 2, hot: false },
    ]);
    expect(diff.hot).toEqual(['/logging/level']);
    expect(diff.restart).toEqual(['/server/port']);
  });

  it('reports a list, and a section that appears, as one change each', () => {
    const before = parse('services: [{ name: a, module: ./a.js }]');
    const after = parse('services: [{ name: a, module: ./a.js }, { name: b, module: ./b.js }]\nlogging: { file: { path: x.log } }');
    expect(diffConfig(before, after).changes.map((c) => c.pointer).sort()).toEqual(['/logging/file', '/services']);
  });

  it('treats anything under a hot pointer as hot when a caller widens the set', () => {
    const diff = diffConfig(parse('server: { heartbeatMs: 1000 }'), parse('server: { heartbeatMs: 2000 }'), new Set(['/server']));
    expect(diff.hot).toEqual(['/server/heartbeatMs']);
  });
});
