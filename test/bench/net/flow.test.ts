import { describe, expect, it } from 'vitest';
import { Arrivals } from '../../../bench/net/arrivals.js';
import { pipeline, sendWindowed, type Done } from '../../../bench/net/flow.js';

/** A receiver that takes what was sent one event-loop turn later, as a socket would. */
function laggingReceiver(arrivals: Arrivals, perMessage = 1) {
  const log = { sends: [] as number[], maxOutstanding: 0, sent: 0 };
  const send = (k: number): void => {
    log.sends.push(k);
    log.sent += k;
    log.maxOutstanding = Math.max(log.maxOutstanding, log.sent - arrivals.count / perMessage);
    setImmediate(() => arrivals.add(k * perMessage));
  };
  return { log, send };
}

describe('sendWindowed', () => {
  it('sends everything in chunks, never more than the window outstanding, and waits for the last arrival', async () => {
    const arrivals = new Arrivals('test');
    const { log, send } = laggingReceiver(arrivals);
    await sendWindowed(1050, { window: 200, chunk: 100 }, send, arrivals);
    expect(log.sent).toBe(1050);
    expect(arrivals.count).toBe(1050);
    expect(log.sends.slice(0, 3)).toEqual([100, 100, 100]);
    expect(log.sends.at(-1)).toBe(50);
    expect(log.maxOutstanding).toBeLessThanOrEqual(200);
  });

  it('counts several arrivals per message (fan-out) against the window', async () => {
    const arrivals = new Arrivals('test');
    const { log, send } = laggingReceiver(arrivals, 10);
    await sendWindowed(95, { window: 20, chunk: 5, arrivalsPerMessage: 10 }, send, arrivals);
    expect(arrivals.count).toBe(950);
    expect(log.maxOutstanding).toBeLessThanOrEqual(20);
  });

  it('starts counting from where the counter stands', async () => {
    const arrivals = new Arrivals('test');
    arrivals.add(1000);
    const { log, send } = laggingReceiver(arrivals);
    await sendWindowed(10, { window: 10, chunk: 10 }, send, arrivals);
    expect(log.sent).toBe(10);
    expect(arrivals.count).toBe(1010);
  });

  it('refuses a window smaller than a chunk', async () => {
    const arrivals = new Arrivals('test');
    await expect(sendWindowed(10, { window: 5, chunk: 10 }, () => undefined, arrivals)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
  });
});

describe('pipeline', () => {
  /** Requests answered on a later turn, recording how many were in flight at most. */
  function server() {
    const state = { inFlight: 0, maxInFlight: 0, issued: 0 };
    const issue = (done: Done): void => {
      state.issued++;
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      setImmediate(() => {
        state.inFlight--;
        done();
      });
    };
    return { state, issue };
  }

  it('completes every request with at most depth in flight, and one latency each', async () => {
    const { state, issue } = server();
    const latencies: number[] = [];
    await pipeline(250, 16, issue, latencies);
    expect(state.issued).toBe(250);
    expect(state.inFlight).toBe(0);
    expect(state.maxInFlight).toBe(16);
    expect(latencies).toHaveLength(250);
    expect(latencies.every((l) => l >= 0)).toBe(true);
  });

  it('keeps one in flight at depth 1', async () => {
    const { state, issue } = server();
    await pipeline(20, 1, issue);
    expect(state.maxInFlight).toBe(1);
    expect(state.issued).toBe(20);
  });

  it('issues no more than total when the depth is larger', async () => {
    const { state, issue } = server();
    await pipeline(3, 100, issue);
    expect(state.issued).toBe(3);
  });

  it('survives requests answered synchronously', async () => {
    let issued = 0;
    await pipeline(10_000, 4, (done) => {
      issued++;
      done();
    });
    expect(issued).toBe(10_000);
  });

  it('rejects with the first failure and issues nothing more', async () => {
    let issued = 0;
    const failure = new Error('boom');
    const result = pipeline(100, 1, (done) => {
      issued++;
      setImmediate(() => done(issued === 3 ? failure : undefined));
    });
    await expect(result).rejects.toBe(failure);
    expect(issued).toBe(3);
  });

  it('resolves at once for nothing to do, and refuses a depth below 1', async () => {
    await expect(pipeline(0, 1, () => undefined)).resolves.toBeUndefined();
    expect(() => pipeline(1, 0, () => undefined)).toThrow(/depth/);
  });
});
