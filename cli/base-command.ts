/**
 * What every typewire command shares: plain writes to stdout/stderr (oclif's
 * `log` swallows output in its own JSON mode, which we do not use), colour that
 * honours NO_COLOR, and one error path so every failure prints as
 * `error <CODE>: message` (or a JSON object with `--json`) with the documented
 * exit code instead of oclif's stack-trace style.
 */
import { Command, Errors } from '@oclif/core';
import { paletteFor, type Palette } from './output/color.js';
import { describeFailure, UsageError } from './output/failure.js';
import { formatError, formatLocated, type LocatedProblem } from './output/format.js';
import type { ExitCode } from './output/exit-codes.js';

export abstract class TypewireCommand extends Command {
  /** Colours for stdout and stderr, decided separately (one may be piped). */
  protected readonly colors: { readonly out: Palette; readonly err: Palette } = {
    out: paletteFor(process.stdout),
    err: paletteFor(process.stderr),
  };

  /** True when the user asked for machine-readable output (known before flags parse, so parse errors honour it too). */
  protected get wantsJson(): boolean {
    const end = this.argv.indexOf('--');
    const json = this.argv.indexOf('--json');
    return json !== -1 && (end === -1 || json < end);
  }

  protected print(line = ''): void {
    process.stdout.write(`${line}\n`);
  }

  protected printError(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Prints each problem as `<file>#<pointer>: <CODE> <message>` (stderr), then one `error <CODE>: summary` line. */
  protected printProblems(problems: ReadonlyArray<LocatedProblem>, summaryCode: string, summary: string): void {
    for (const problem of problems) this.printError(formatLocated(problem, this.colors.err));
    this.printError(formatError(summaryCode, summary, this.colors.err));
  }

  /** Ends the command with this exit code once output is flushed (no process.exit mid-write). */
  protected setExitCode(code: ExitCode): void {
    process.exitCode = code;
  }

  override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // `this.exit()` works by throwing; let oclif finish it.
    if (error instanceof Errors.ExitError) throw error;
    // oclif warns (outside production) when a command never finished parsing; for a usage error that is noise.
    if (error instanceof UsageError) this.parsed = true;
    const failure = describeFailure(error);
    if (this.wantsJson) {
      const body = failure.details === undefined
        ? { code: failure.code, message: failure.message }
        : { code: failure.code, message: failure.message, details: failure.details };
      this.printJson({ ok: false, error: body });
    } else {
      this.printError(formatError(failure.code, failure.message, this.colors.err));
    }
    this.setExitCode(failure.exitCode);
  }
}
