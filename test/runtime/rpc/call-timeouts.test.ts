import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallTimeouts, effectiveTimeout, type Expiring } from '../../../runtime/rpc/call-timeouts.js';

interface Call extends Expiring {
  readonly name: string;
}

/** A pending map and its timeouts; `expired` lists calls in the order they timed out. */
function setup() {
  const pending = new Map<string, Call>();
  const expired: string[] = [];
  const timeouts = new CallTimeouts<Call>(pending, (call) => {
    pending.delete(call.name);
    expired.push(call.name);
  });
  const add = (name: string, timeoutMs: number): void => {
    const call = { name, deadline: CallTimeouts.deadline(timeoutMs) };
    pending.set(name, call);
    timeouts.added(call.deadline);
  };
  return { pending, expired, timeouts, add };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from `started` until `name` has expired (polled; gives up after 2 s). */
async function expiry(expired: string[], name: string, started: number): Promise<number> {
  while (!expired.includes(name)) {
    if (performance.now() - started > 2000) throw new Error(`${name} never expired`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - started;
}
const open: Array<CallTimeouts<Call>> = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  vi.restoreAllMocks();
});

describe('call timeouts on one timer', () => {
  it('expires a call once its timeout has passed, and not before', async () => {
    const { expired, timeouts, add, pending } = setup();
    open.push(timeouts);
    const started = performance.now();
    add('a', 40);
    expect(await expiry(expired, 'a', started)).toBeGreaterThanOrEqual(39);
    expect(pending.size).toBe(0);
  });

  it('re-arms for a shorter timeout added after a longer one, and keeps the longer one pending', async () => {
    const { expired, timeouts, add, pending } = setup();
    open.push(timeouts);
    add('long', 10_000);
    add('short', 20);
    await sleep(80);
    expect(expired).toEqual(['short']);
    expect([...pending.keys()]).toEqual(['long']);
  });

  it('expires calls with different timeouts in deadline order, each after its own timeout', async () => {
    const { expired, timeouts, add } = setup();
    open.push(timeouts);
    const started = performance.now();
    add('b', 60);
    add('a', 20);
    add('c', 100);
    const at = { a: await expiry(expired, 'a', started), b: await expiry(expired, 'b', started), c: await expiry(expired, 'c', started) };
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(at.a).toBeGreaterThanOrEqual(19);
    expect(at.b).toBeGreaterThanOrEqual(59);
    expect(at.c).toBeGreaterThanOrEqual(99);
  });

  it('uses one timer for many calls with the same timeout', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const { timeouts, add } = setup();
    open.push(timeouts);
    for (let i = 0; i < 100; i++) add(`c${i}`, 5_000);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('lets the process exit while nothing is pending, and holds it again for the next call', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const { timeouts, add, pending } = setup();
    open.push(timeouts);
    add('a', 5_000);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(true);
    pending.clear();
    timeouts.idle();
    expect(timer.hasRef()).toBe(false);
    add('b', 5_000);
    expect(timer.hasRef()).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('takes timeouts setTimeout would not (0, negative, NaN, too large) as 1 ms, as setTimeout does', () => {
    expect([0, -5, Number.NaN, Infinity, 2 ** 31].map(effectiveTimeout)).toEqual([1, 1, 1, 1, 1]);
    expect(effectiveTimeout(250)).toBe(250);
  });
});
