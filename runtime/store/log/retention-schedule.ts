/**
 * The periodic retention timer. Unref'd, so it never keeps a process alive;
 * a run that is still going when the next tick comes is not doubled up.
 */
import { TypewireError } from '../../errors/typewire-error.js';

export interface RetentionSchedule {
  stop(): void;
}

export interface RetentionScheduleOptions {
  readonly intervalMs: number;
  readonly run: () => Promise<void>;
  readonly onError: (error: TypewireError) => void;
}

export function scheduleRetentionRuns(options: RetentionScheduleOptions): RetentionSchedule {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    options
      .run()
      .catch((error: unknown) => options.onError(TypewireError.from(error)))
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
