import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypewireError } from '../../../../runtime/errors/typewire-error.js';
import { createEventLog, readLogPayload, type EventLog, type LogEntry, type LogGap, type LogSubscription } from '../../../../runtime/store/log/index.js';
import type { OpenedDatabase } from '../databases.js';
import { availableBackends, event, events, openLogDatabase, uniqueTopic, waitFor } from './log-fixtures.js';

const backends = await availableBackends();

/** Long enough that only a wake-up (local or NOTIFY) can explain a prompt delivery. */
const NO_POLL = { pollIntervalMs: 60_000 };
/** A group's lease, for tests where a hung handler stands for a dead process: a standby takes over this long after. */
const HUNG_LEASE_MS = 300;

describe.each(backends)('event log subscriptions on %s', (backend) => {
  let opened: OpenedDatabase;
  let log: EventLog;
  const open: Array<LogSubscription | EventLog> = [];

  // A handler that "dies" waits on this until the backend's tests end (closing waits for a handler in flight).
  let released = false;
  const hung: Array<() => void> = [];
  const hang = (): Promise<void> => (released ? Promise.resolve() : new Promise<void>((resolve) => hung.push(resolve)));
  const releaseHung = (): void => {
    released = true;
    for (const resolve of hung.splice(0)) resolve();
  };

  beforeAll(async () => {
    opened = await openLogDatabase(backend);
    log = createEventLog(opened.db);
  });
  afterAll(async () => {
    releaseHung();
    for (const item of open.reverse()) await item.close();
    await log?.close();
    await opened?.close();
  });

  function collector(): { offsets: number[]; handler: (entry: LogEntry) => void } {
    const offsets: number[] = [];
    return { offsets, handler: (entry) => void offsets.push(entry.offset) };
  }

  it('delivers from the earliest entry in order, wakes on new appends, and saves its offset', async () => {
    const topic = uniqueTopic('sub');
    await log.append(topic, events(topic, 3));
    const seen = collector();
    const sub = await log.subscribe('g1', topic, seen.handler, NO_POLL);
    open.push(sub);
    await waitFor('the first three entries', () => seen.offsets.length === 3);
    await log.append(topic, events(topic, 2, 3));
    await waitFor('the appended entries', () => seen.offsets.length === 5);
    expect(seen.offsets).toEqual([0, 1, 2, 3, 4]);
    await waitFor('the saved offset', async () => (await log.loadOffset('g1', topic)) === 5);
    expect(sub.position).toBe(5);
  });

  it('wakes on NOTIFY when another event log (another process) appends', async () => {
    const topic = uniqueTopic('notify');
    const seen = collector();
    open.push(await log.subscribe('g-notify', topic, seen.handler, NO_POLL));
    const producer = createEventLog(opened.db);
    try {
      await producer.append(topic, events(topic, 2));
      await waitFor('entries appended elsewhere', () => seen.offsets.length === 2, 5_000);
    } finally {
      await producer.close();
    }
  });

  it("starts at 'latest' or at a given offset only when the group has no saved offset", async () => {
    const topic = uniqueTopic('start');
    await log.append(topic, events(topic, 4));
    const latest = collector();
    const subLatest = await log.subscribe('g-latest', topic, latest.handler, { ...NO_POLL, fromOffset: 'latest' });
    expect(await log.loadOffset('g-latest', topic)).toBe(4);
    const fromTwo = collector();
    const subTwo = await log.subscribe('g-two', topic, fromTwo.handler, { ...NO_POLL, fromOffset: 2 });
    open.push(subLatest, subTwo);
    await log.append(topic, event(topic, { n: 4 }));
    await waitFor('both groups', () => latest.offsets.length === 1 && fromTwo.offsets.length === 3);
    expect(latest.offsets).toEqual([4]);
    expect(fromTwo.offsets).toEqual([2, 3, 4]);
    await expect(log.subscribe('g-far', topic, () => undefined, { fromOffset: 99 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { operation: 'subscribe' } });
  });

  it('resumes from the saved offset after a restart, whatever fromOffset says', async () => {
    const topic = uniqueTopic('resume');
    await log.append(topic, events(topic, 6));
    const first = collector();
    const sub = await log.subscribe('g-resume', topic, (entry) => {
      if (first.offsets.length < 3) first.handler(entry);
      else return hang(); // stops here, as if the process went down
    }, { ...NO_POLL, batchSize: 3, leaseMs: HUNG_LEASE_MS });
    await waitFor('the first batch', async () => (await log.loadOffset('g-resume', topic)) === 3);
    // A second event log stands in for the restarted process.
    const restarted = createEventLog(opened.db);
    open.push(restarted);
    const second = collector();
    // It stands by until the hung subscription's lease runs out (a crashed process would renew it no more either).
    open.push(await restarted.subscribe('g-resume', topic, second.handler, { ...NO_POLL, fromOffset: 'latest', leaseMs: HUNG_LEASE_MS }));
    await waitFor('the rest', () => second.offsets.length === 3);
    expect(first.offsets).toEqual([0, 1, 2]);
    expect(second.offsets).toEqual([3, 4, 5]);
    open.push(sub);
  });

  it('redelivers after a crash in the middle of a batch (at least once)', async () => {
    const topic = uniqueTopic('crash');
    await log.append(topic, events(topic, 6));
    const first = collector();
    const stuck = createEventLog(opened.db);
    open.push(stuck);
    await stuck.subscribe('g-crash', topic, (entry) => {
      first.handler(entry);
      if (entry.offset === 3) return hang(); // the process dies while handling 3
    }, { ...NO_POLL, batchSize: 2, leaseMs: HUNG_LEASE_MS });
    await waitFor('entry 3 reached', () => first.offsets.includes(3));
    expect(await log.loadOffset('g-crash', topic)).toBe(2);
    const second = collector();
    const other = createEventLog(opened.db);
    open.push(other);
    open.push(await other.subscribe('g-crash', topic, second.handler, { ...NO_POLL, leaseMs: HUNG_LEASE_MS }));
    await waitFor('redelivery', () => second.offsets.length === 4);
    expect(first.offsets).toEqual([0, 1, 2, 3]);
    expect(second.offsets).toEqual([2, 3, 4, 5]);
  });

  it('retries an entry whose handler failed, and reports the failure', async () => {
    const topic = uniqueTopic('retry');
    await log.append(topic, events(topic, 3));
    const errors: TypewireError[] = [];
    const seen: number[] = [];
    let failures = 0;
    open.push(
      await log.subscribe('g-retry', topic, (entry) => {
        if (entry.offset === 1 && failures++ === 0) throw new Error('boom');
        seen.push(entry.offset);
      }, { ...NO_POLL, retryDelayMs: 20, onError: (e) => errors.push(e) }),
    );
    await waitFor('all entries', () => seen.length === 3);
    expect(seen).toEqual([0, 1, 2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'INTERNAL_HANDLER_FAILED', details: { group: 'g-retry', topic, offset: 1 } });
    await waitFor('the saved offset', async () => (await log.loadOffset('g-retry', topic)) === 3);
  });

  it('replays a running group from an earlier offset', async () => {
    const topic = uniqueTopic('replay');
    await log.append(topic, events(topic, 5));
    const seen = collector();
    const sub = await log.subscribe('g-replay', topic, seen.handler, NO_POLL);
    open.push(sub);
    await waitFor('the first pass', () => seen.offsets.length === 5);
    expect(await log.replay('g-replay', topic, 2)).toBe(2);
    await waitFor('the replay', () => seen.offsets.length === 8);
    expect(seen.offsets).toEqual([0, 1, 2, 3, 4, 2, 3, 4]);
    await waitFor('the saved offset', async () => (await log.loadOffset('g-replay', topic)) === 5);
    await sub.close();
    // A stopped group replays from the saved offset at its next start.
    await log.replay('g-replay', topic, 'earliest');
    const again = collector();
    open.push(await log.subscribe('g-replay', topic, again.handler, NO_POLL));
    await waitFor('the second replay', () => again.offsets.length === 5);
    expect(readLogPayload((await log.read(topic, { fromOffset: 4 })).entries[0]!)).toEqual({ n: 4 });
  });

  it('allows one subscription per group and topic in one event log', async () => {
    const topic = uniqueTopic('dup');
    const sub = await log.subscribe('g-dup', topic, () => undefined, NO_POLL);
    await expect(log.subscribe('g-dup', topic, () => undefined)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { group: 'g-dup' } });
    await sub.close();
    open.push(await log.subscribe('g-dup', topic, () => undefined, NO_POLL));
    await expect(log.subscribe('g-x', topic, 'nope' as never)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'handler' } });
    await expect(log.subscribe('g-x', topic, () => undefined, { batchSize: 0 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'batchSize' } });
    await expect(log.subscribe('g-x', topic, () => undefined, { fromOffset: 'middle' as never })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
  });

  it('tells a group whose entries retention deleted, through onGap or else onError', async () => {
    const topic = uniqueTopic('gap');
    await log.append(topic, events(topic, 10));
    await log.commitOffset('g-gap', topic, 2);
    await log.commitOffset('g-gap-noisy', topic, 3);
    expect(await log.applyRetention(topic, { maxEntries: 5 })).toEqual({ topic, deleted: 5, startOffset: 5 });
    const gaps: LogGap[] = [];
    const seen = collector();
    open.push(await log.subscribe('g-gap', topic, seen.handler, { ...NO_POLL, onGap: (gap) => gaps.push(gap) }));
    const errors: TypewireError[] = [];
    const noisy = collector();
    open.push(await log.subscribe('g-gap-noisy', topic, noisy.handler, { ...NO_POLL, onError: (e) => errors.push(e) }));
    await waitFor('the retained entries', () => seen.offsets.length === 5 && noisy.offsets.length === 5);
    expect(seen.offsets).toEqual([5, 6, 7, 8, 9]);
    expect(gaps).toEqual([{ topic, requestedOffset: 2, earliestOffset: 5, missed: 3 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'PERSISTENCE_LOG_GAP', details: { group: 'g-gap-noisy', requestedOffset: 3, earliestOffset: 5, missed: 2 } });
  });

  it('saves its position when closed', async () => {
    const topic = uniqueTopic('close');
    await log.append(topic, events(topic, 4));
    const seen = collector();
    const sub = await log.subscribe('g-close', topic, seen.handler, { ...NO_POLL, batchSize: 10 });
    await waitFor('all entries', () => seen.offsets.length === 4);
    await sub.close();
    expect(await log.loadOffset('g-close', topic)).toBe(4);
    await log.append(topic, event(topic, { n: 4 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.offsets).toHaveLength(4);
  });
});
