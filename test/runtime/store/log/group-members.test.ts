/**
 * One reader per consumer group and topic, across processes: two event logs
 * on one database stand for two processes of the same service. The group's
 * lease (migration 5) lets one subscription read; the other stands by and
 * takes over, from the saved offset, when the first closes or stops
 * renewing; a reader whose lease moved on cannot move the group's offset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog, type LogEntry, type LogSubscription } from '../../../../runtime/store/log/index.js';
import { renewGroup, takeGroup } from '../../../../runtime/store/log/group-members-sql.js';
import { saveHeldGroupOffset } from '../../../../runtime/store/log/group-offsets-sql.js';
import type { OpenedDatabase } from '../databases.js';
import { availableBackends, events, openLogDatabase, uniqueTopic, waitFor } from './log-fixtures.js';

const backends = await availableBackends();
const FAST = { pollIntervalMs: 50, leaseMs: 300 };

describe.each(backends)('consumer-group readers across event logs on %s', (backend) => {
  let opened: OpenedDatabase;
  let first: EventLog;
  let second: EventLog;
  const open: LogSubscription[] = [];

  beforeAll(async () => {
    opened = await openLogDatabase(backend);
    first = createEventLog(opened.db);
    second = createEventLog(opened.db);
  });
  afterAll(async () => {
    for (const sub of open.reverse()) await sub.close();
    await first?.close();
    await second?.close();
    await opened?.close();
  });

  it('one subscription of a group reads; the other stands by, then takes over from the saved offset when the first closes', async () => {
    const topic = uniqueTopic('members');
    await first.append(topic, events(topic, 20));
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = await first.subscribe('workers', topic, (entry: LogEntry) => void seenA.push(entry.offset), FAST);
    await waitFor('A to read the first 20', () => seenA.length === 20);
    const b = await second.subscribe('workers', topic, (entry: LogEntry) => void seenB.push(entry.offset), FAST);
    open.push(b);
    await first.append(topic, events(topic, 10, 20));
    await waitFor('A to read the next 10', () => seenA.length === 30);
    // B had several polls to try for the lease, and saw nothing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([a.active, b.active]).toEqual([true, false]);
    expect(seenB).toEqual([]);
    await a.close();
    await waitFor('B to take over', () => b.active);
    await first.append(topic, events(topic, 5, 30));
    await waitFor('B to read the last 5', () => seenB.length === 5);
    expect(seenA).toEqual([...Array(30).keys()]);
    expect(seenB).toEqual([30, 31, 32, 33, 34]);
    await waitFor('the saved offset', async () => (await first.loadOffset('workers', topic)) === 35);
  });

  it('a member that stops renewing loses the group to a standby after its lease runs out, and cannot save over it', async () => {
    const topic = uniqueTopic('takeover');
    await first.append(topic, events(topic, 3));
    // A crashed reader: it took the lease and saved offset 1, then stopped renewing.
    expect(await takeGroup(opened.db, 'crashy', topic, 'dead-member', 200)).toBe(true);
    expect(await saveHeldGroupOffset(opened.db, 'crashy', topic, 1, 'dead-member')).toBe(true);
    const seen: number[] = [];
    const standby = await second.subscribe('crashy', topic, (entry: LogEntry) => void seen.push(entry.offset), FAST);
    open.push(standby);
    await waitFor('the standby to take over once the lease ran out', () => seen.length === 2);
    expect(seen).toEqual([1, 2]);
    // The old member's late save is refused; the group's offset stays where the new reader put it.
    expect(await saveHeldGroupOffset(opened.db, 'crashy', topic, 0, 'dead-member')).toBe(false);
    await waitFor('the saved offset', async () => (await first.loadOffset('crashy', topic)) === 3);
    // Nor can it renew its way back in, or take the lease from the live reader.
    expect(await renewGroup(opened.db, 'crashy', topic, 'dead-member', 200)).toBe(false);
    expect(await takeGroup(opened.db, 'crashy', topic, 'dead-member', 200)).toBe(false);
  });

  it('a reader whose lease ran out while it hung does not renew it back, and resumes from the saved offset', async () => {
    const topic = uniqueTopic('lapsed');
    await first.append(topic, events(topic, 4));
    expect(await takeGroup(opened.db, 'lapsed', topic, 'slow', 50)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Its lease ran out and nobody took it: a renewal is refused all the same (the reader must reload the offset).
    expect(await renewGroup(opened.db, 'lapsed', topic, 'slow', 50)).toBe(false);
    expect(await takeGroup(opened.db, 'lapsed', topic, 'slow', 50)).toBe(true);
  });

  it('different groups read the same topic side by side', async () => {
    const topic = uniqueTopic('groups');
    await first.append(topic, events(topic, 4));
    const one: number[] = [];
    const two: number[] = [];
    open.push(await first.subscribe('g-one', topic, (entry: LogEntry) => void one.push(entry.offset), FAST));
    open.push(await second.subscribe('g-two', topic, (entry: LogEntry) => void two.push(entry.offset), FAST));
    await waitFor('both groups to read all', () => one.length === 4 && two.length === 4);
  });

  it('refuses a lease too short to renew', async () => {
    await expect(first.subscribe('g', uniqueTopic('bad'), () => undefined, { leaseMs: 2 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'leaseMs' } });
  });
});
