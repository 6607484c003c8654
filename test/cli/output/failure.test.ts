import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { asUsageError, describeFailure, UsageError } from '../../../cli/output/failure.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';

describe('describeFailure', () => {
  it('keeps a TypewireError code and details, exit 1', () => {
    const failure = describeFailure(new TypewireError('CONFIG_INVALID', 'dir not empty', { details: { dir: 'x' } }));
    expect(failure).toEqual({ code: 'CONFIG_INVALID', message: 'dir not empty', exitCode: 1, details: { dir: 'x' } });
  });

  it('turns a command-line problem into CONFIG_INVALID, exit 2', () => {
    let thrown: unknown;
    try {
      asUsageError(new Errors.CLIError('Nonexistent flag: --nope\nSee more help with --help'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const failure = describeFailure(thrown);
    expect(failure.code).toBe('CONFIG_INVALID');
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toBe('Nonexistent flag: --nope (see --help)');
  });

  it('flattens oclif\'s multi-line, coloured messages to one plain line', () => {
    let thrown: unknown;
    try {
      asUsageError(new Error('The following errors occurred:\n  \u001b[2mMissing required flag type\n  Missing x\u001b[22m\nSee more help with --help'));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe('Missing required flag type; Missing x');
  });

  it('reports anything else as an internal error', () => {
    const failure = describeFailure(new RangeError('boom'));
    expect(failure.code).toBe('INTERNAL_UNEXPECTED');
    expect(failure.message).toContain('boom');
    expect(failure.exitCode).toBe(1);
  });
});
