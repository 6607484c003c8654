import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, runCli } from '../helpers/run-cli.js';

beforeAll(assertBuilt);

describe('--help', () => {
  const cases: Array<{ command: string[]; flags: string[] }> = [
    { command: ['generate'], flags: ['--schemas', '--out', '--check', '--json'] },
    { command: ['validate'], flags: ['--schemas', '--type', '--json'] },
    { command: ['init'], flags: ['--force'] },
    { command: ['scaffold', 'service'], flags: ['--schemas', '--out', '--tests', '--generated'] },
    { command: ['serve'], flags: ['--config', '--json'] },
    { command: ['queue', 'list'], flags: ['--config', '--database-url', '--data-dir', '--admin', '--json'] },
    { command: ['queue', 'status'], flags: ['--config', '--database-url', '--data-dir', '--admin', '--interval', '--json'] },
    { command: ['dlq', 'list'], flags: ['--config', '--database-url', '--data-dir', '--limit', '--json'] },
    { command: ['dlq', 'show'], flags: ['--config', '--database-url', '--data-dir', '--json'] },
    { command: ['dlq', 'replay'], flags: ['--id', '--all', '--database-url', '--json'] },
    { command: ['consumer', 'lag'], flags: ['--topic', '--database-url', '--json'] },
    { command: ['monitor'], flags: ['--admin', '--config', '--interval', '--once', '--json'] },
    { command: ['publish'], flags: ['--schemas', '--server', '--timeout', '--json'] },
    { command: ['request'], flags: ['--schemas', '--server', '--timeout', '--json'] },
  ];

  for (const { command, flags } of cases) {
    it(`${command.join(' ')} lists its flags, examples and exit codes`, () => {
      const result = runCli([...command, '--help']);
      expect(result.status, describeRun(result)).toBe(0);
      for (const flag of flags) expect(result.stdout).toContain(flag);
      expect(result.stdout).toContain('EXAMPLES');
      expect(result.stdout).toContain(`typewire ${command.join(' ')}`);
      expect(result.stdout).toMatch(/Exit codes: 0 /);
    });
  }
});

describe('usage errors', () => {
  it('an unknown flag exits 2 with error CONFIG_INVALID', () => {
    const result = runCli(['generate', '--nope']);
    expect(result.status, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: .*--nope/m);
  });

  it('a missing required flag exits 2', () => {
    const result = runCli(['validate', 'x.json']);
    expect(result.status, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: .*type/m);
  });

  it('a flag without its value exits 2 (oclif reports this one with a plain error class)', () => {
    const result = runCli(['generate', '--schemas']);
    expect(result.status, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: /m);
  });

  it('an unknown command exits 2 with error CONFIG_INVALID and a suggestion (needs oclif.hooks.command_not_found in package.json)', () => {
    const result = runCli(['generat']);
    expect(result.status, describeRun(result)).toBe(2);
    expect(result.stderr).toMatch(/^error CONFIG_INVALID: unknown command "generat"; did you mean "generate"\?/m);
  });

  it('with --json a usage error is a JSON object on stdout', () => {
    const result = runCli(['validate', '--json', '--type', 'X', '--bogus', 'a.json']);
    expect(result.status, describeRun(result)).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
  });
});
