/**
 * The exit codes every typewire command uses (documented in docs/cli.md).
 * Scripts and CI branch on these, so they are part of the public contract.
 */
export const EXIT = {
  /** Everything asked for was done and everything checked was valid. */
  ok: 0,
  /** The input was read but is invalid: a bad schema, an invalid message, stale output, a refused overwrite. */
  failed: 1,
  /** The command line itself is wrong: unknown flag, missing argument, bad flag value. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
