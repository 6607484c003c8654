/**
 * Timing primitives: a private loop per case, batch sizing, one timed round and
 * latency samples. Throughput comes from timing whole batches (no per-op timer
 * cost); latency from timing small sampled groups of ops (see `sampleLatency`).
 */

/** One operation under test. Its return value is kept so the work cannot be optimised away. */
export type Op = () => unknown;

/** Runs `op` n times and returns the last result. */
export type Loop = (n: number) => unknown;

let loopCounter = 0;

/**
 * A loop compiled for one case only. A shared `for (…) op()` would see every
 * case's `op` at one call site, turn megamorphic and slow down whichever case
 * ran second; a distinct source text (the tag) gives each case its own
 * function and its own type feedback, so A and B are timed on equal terms.
 */
export function makeLoop(op: Op, tag: string): Loop {
  loopCounter += 1;
  const safeTag = tag.replace(/\*\//g, '* /');
  const factory = new Function(
    'op',
    `/* bench loop ${loopCounter}: ${safeTag} */\n` +
      'return function loop(n) { let last; for (let i = 0; i < n; i++) last = op(); return last; };',
  ) as (op: Op) => Loop;
  return factory(op);
}

/** Written on every batch so the optimiser cannot drop the calls that made the value. */
let sink: unknown;
function consume(value: unknown): void {
  sink = value;
}

function nowNs(): bigint {
  return process.hrtime.bigint();
}

/**
 * Runs the loop for about `durationMs`, doubling the batch until one batch
 * takes at least `batchMs`; returns that batch size and the mean ns per op.
 * Doubles as warm-up: by the end the op has been optimised.
 */
export function calibrate(loop: Loop, durationMs: number, batchMs: number): { batchSize: number; nsPerOp: number } {
  const deadline = nowNs() + BigInt(Math.round(durationMs * 1e6));
  let batchSize = 1;
  let nsPerOp = Number.POSITIVE_INFINITY;
  for (;;) {
    const start = nowNs();
    consume(loop(batchSize));
    const end = nowNs();
    const elapsed = Number(end - start);
    nsPerOp = elapsed / batchSize;
    if (elapsed < batchMs * 1e6) batchSize *= 2;
    if (end >= deadline) break;
  }
  return { batchSize, nsPerOp };
}

/** Runs whole batches for at least `roundMs` and returns operations per second. */
export function timeRound(loop: Loop, batchSize: number, roundMs: number): number {
  const budget = BigInt(Math.round(roundMs * 1e6));
  const start = nowNs();
  let ops = 0;
  let elapsed = 0n;
  do {
    consume(loop(batchSize));
    ops += batchSize;
    elapsed = nowNs() - start;
  } while (elapsed < budget);
  return ops / (Number(elapsed) / 1e9);
}

/** The cost of one `hrtime.bigint()` pair, subtracted from latency samples. */
export function timerOverheadNs(samples = 1000): number {
  const costs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const a = nowNs();
    const b = nowNs();
    costs.push(Number(b - a));
  }
  costs.sort((x, y) => x - y);
  return costs[Math.floor(costs.length / 2)]!;
}

/**
 * Ops per latency sample: 1 (true per-op timing) when an op takes long enough
 * that the timer's own cost is small beside it, otherwise enough ops that a
 * group takes about `minGroupNs`; the group's time is divided by its size.
 */
export function latencyGroupSize(nsPerOp: number, minGroupNs: number): number {
  if (!(nsPerOp > 0)) return 1;
  return Math.max(1, Math.ceil(minGroupNs / nsPerOp));
}

/** Times `count` groups of `groupSize` ops; returns per-op microseconds for each group. */
export function sampleLatency(loop: Loop, groupSize: number, count: number, overheadNs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = nowNs();
    consume(loop(groupSize));
    const elapsed = Number(nowNs() - start) - overheadNs;
    samples.push(Math.max(0, elapsed) / groupSize / 1000);
  }
  return samples;
}

/** Collects garbage between timed sections when node runs with --expose-gc; a no-op otherwise. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

export function gcExposed(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}
