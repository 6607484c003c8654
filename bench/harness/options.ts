/** Command-line options of `npm run bench`. */
import { typewireError } from '../../runtime/errors/typewire-error.js';
import type { RunOptions } from './types.js';

export interface BenchCliOptions {
  readonly run: RunOptions;
  readonly quick: boolean;
  /** Runs only suites whose name, or one of whose case names, contains this text. */
  readonly filter: string | undefined;
}

/** Full run: ~200 ms per case per round, 10 rounds, after a warm-up. */
export const FULL_RUN: RunOptions = {
  rounds: 10,
  roundMs: 200,
  warmupMs: 400,
  batchMs: 5,
  latencySamplesPerRound: 300,
  minLatencyGroupNs: 2000,
};

/** `--quick`: enough to see that everything runs and roughly where it stands. */
export const QUICK_RUN: RunOptions = { ...FULL_RUN, rounds: 3, roundMs: 100, warmupMs: 200, latencySamplesPerRound: 200 };

export function parseBenchArgs(argv: ReadonlyArray<string>): BenchCliOptions {
  let quick = false;
  let filter: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--filter') {
      const value = argv[++i];
      if (value === undefined || value === '') throw typewireError('CONFIG_INVALID', '--filter needs a value, e.g. --filter codec');
      filter = value;
    } else if (arg.startsWith('--filter=')) {
      filter = arg.slice('--filter='.length);
      if (filter === '') throw typewireError('CONFIG_INVALID', '--filter needs a value, e.g. --filter=codec');
    } else {
      throw typewireError('CONFIG_INVALID', `unknown argument "${arg}" (expected --quick, --filter <text>)`);
    }
  }
  return { run: quick ? QUICK_RUN : FULL_RUN, quick, filter };
}
