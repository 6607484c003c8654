import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendInTransaction, createEventLog, readLogPayload, type AppendBatchInfo, type EventLog } from '../../../../runtime/store/log/index.js';
import { openDatabase } from '../../../../runtime/store/open-database.js';
import type { OpenedDatabase } from '../databases.js';
import { OrderMessage, type Order } from '../../fixtures/shop.js';
import { availableBackends, event, events, openLogDatabase, uniqueTopic } from './log-fixtures.js';

const backends = await availableBackends();

describe.each(backends)('event log on %s', (backend) => {
  let opened: OpenedDatabase;
  let log: EventLog;
  const batches: AppendBatchInfo[] = [];

  beforeAll(async () => {
    opened = await openLogDatabase(backend);
    log = createEventLog(opened.db, { onBatch: (info) => batches.push(info) });
  });
  afterAll(async () => {
    await log?.close();
    await opened?.close();
  });

  it('appends and reads back entries in offset order, from 0, without holes', async () => {
    const topic = uniqueTopic('basic');
    expect(await log.append(topic, event(topic, { n: 0 }))).toBe(0);
    expect(await log.append(topic, events(topic, 3, 1))).toEqual([1, 2, 3]);
    expect(await log.append(topic, [])).toEqual([]);
    const read = await log.read(topic);
    expect(read.gap).toBeUndefined();
    expect(read.nextOffset).toBe(4);
    expect(read.entries.map((e) => [e.offset, e.topic, e.partition, e.codec])).toEqual([0, 1, 2, 3].map((o) => [o, topic, 0, 'msgpack']));
    expect(read.entries.map((e) => readLogPayload(e))).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(read.entries[0]!.envelope.type).toBe(topic);
    expect(read.entries[0]!.size).toBeGreaterThan(0);
    expect(Math.abs(read.entries[0]!.appendedAt - Date.now())).toBeLessThan(60_000);
    expect(await log.bounds(topic)).toEqual({ startOffset: 0, endOffset: 4 });
  });

  it('reads a window with fromOffset and limit, and an empty tail at the end', async () => {
    const topic = uniqueTopic('window');
    await log.append(topic, events(topic, 10));
    const page = await log.read(topic, { fromOffset: 4, limit: 3 });
    expect(page.entries.map((e) => e.offset)).toEqual([4, 5, 6]);
    expect(page.nextOffset).toBe(7);
    const tail = await log.read(topic, { fromOffset: 10 });
    expect(tail).toEqual({ entries: [], nextOffset: 10 });
    expect(await log.read(uniqueTopic('never-written'))).toEqual({ entries: [], nextOffset: 0 });
  });

  it('keeps topics apart', async () => {
    const a = uniqueTopic('a');
    const b = uniqueTopic('b');
    await Promise.all([log.append(a, events(a, 2)), log.append(b, events(b, 3))]);
    expect((await log.read(a)).entries.map((e) => readLogPayload(e))).toEqual([{ n: 0 }, { n: 1 }]);
    expect((await log.read(b)).entries).toHaveLength(3);
  });

  it('encodes and validates typed payloads with a descriptor', async () => {
    const topic = uniqueTopic('typed');
    const order: Order = { sku: 'A-1', quantity: 2, cents: 2n ** 60n };
    await log.append(topic, event(topic, order), { descriptor: OrderMessage });
    const [entry] = (await log.read(topic)).entries;
    expect(readLogPayload(entry!, OrderMessage)).toEqual(order);
    await expect(log.append(topic, event(topic, { sku: 'A-1', quantity: 0, cents: 1n }) as never, { descriptor: OrderMessage })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: '/quantity' }] },
    });
    expect(await log.bounds(topic)).toEqual({ startOffset: 0, endOffset: 1 });
  });

  it('coalesces appends issued together into one transaction (group commit)', async () => {
    const topic = uniqueTopic('group-commit');
    const before = batches.length;
    const offsets = await Promise.all(Array.from({ length: 25 }, (_, i) => log.append(topic, event(topic, { n: i }))));
    expect(batches.slice(before)).toEqual([{ appends: 25, entries: 25, topics: 1 }]);
    expect([...offsets].sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    // Each append got the offset of its own envelope.
    const read = await log.read(topic);
    for (const [i, offset] of offsets.entries()) expect(readLogPayload(read.entries[offset]!)).toEqual({ n: i });
  });

  it('commits appends that arrive while a transaction is in flight together in the next one', async () => {
    const topic = uniqueTopic('in-flight');
    const other = uniqueTopic('in-flight-other');
    const seen: AppendBatchInfo[] = [];
    const late: Array<Promise<number>> = [];
    const local = createEventLog(opened.db, {
      onBatch: (info) => {
        seen.push(info);
        // Called as batch 1 starts: these arrive while it is in flight.
        if (seen.length === 1) for (let i = 0; i < 6; i++) late.push(local.append(i % 2 ? other : topic, event(topic, { i })));
      },
    });
    try {
      expect(await local.append(topic, event(topic, { first: true }))).toBe(0);
      await Promise.all(late);
      expect(seen).toEqual([
        { appends: 1, entries: 1, topics: 1 },
        { appends: 6, entries: 6, topics: 2 },
      ]);
      expect(local.stats()).toEqual({ batches: 2, appends: 7, entries: 7 });
      expect(await log.bounds(topic)).toEqual({ startOffset: 0, endOffset: 4 });
      expect(await log.bounds(other)).toEqual({ startOffset: 0, endOffset: 3 });
    } finally {
      await local.close();
    }
  });

  it('appends inside a caller-owned transaction, visible only after commit', async () => {
    const topic = uniqueTopic('in-tx');
    await expect(
      opened.db.transaction(async (tx) => {
        await appendInTransaction(tx, topic, events(topic, 2));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await log.bounds(topic)).toEqual({ startOffset: 0, endOffset: 0 });
    const offsets = await opened.db.transaction((tx) => appendInTransaction(tx, topic, events(topic, 2)));
    expect(offsets).toEqual([0, 1]);
    expect((await log.read(topic)).entries).toHaveLength(2);
  });

  it('saves and loads consumer-group offsets per group and topic', async () => {
    const topic = uniqueTopic('offsets');
    await log.append(topic, events(topic, 5));
    expect(await log.loadOffset('billing', topic)).toBeUndefined();
    await log.commitOffset('billing', topic, 3);
    await log.commitOffset('audit', topic, 5);
    expect(await log.loadOffset('billing', topic)).toBe(3);
    expect(await log.loadOffset('audit', topic)).toBe(5);
    await log.commitOffset('billing', topic, 1);
    expect(await log.loadOffset('billing', topic)).toBe(1);
    expect(await log.replay('audit', topic, 'earliest')).toBe(0);
    expect(await log.loadOffset('audit', topic)).toBe(0);
    expect(await log.replay('audit', topic, 'latest')).toBe(5);
  });

  it('refuses bad arguments with coded errors naming them', async () => {
    const topic = uniqueTopic('bad');
    await log.append(topic, events(topic, 2));
    await expect(log.append('bad..topic', event('x', 1))).rejects.toMatchObject({ code: 'VALIDATION_BAD_TOPIC', details: { reason: 'empty segment' } });
    await expect(log.read('a.*')).rejects.toMatchObject({ code: 'VALIDATION_BAD_TOPIC' });
    await expect(log.append(topic, null as never)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'envelope' } });
    await expect(log.append(topic, { ...event(topic, 1), timestamp: 'now' } as never)).rejects.toMatchObject({ code: 'SERIALIZATION_ENCODE_FAILED' });
    await expect(log.read(topic, { fromOffset: -1 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'fromOffset' } });
    await expect(log.read(topic, { fromOffset: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT' });
    await expect(log.read(topic, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'limit' } });
    await expect(log.read(topic, { fromOffset: 3 })).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { fromOffset: 3, endOffset: 2 } });
    await expect(log.commitOffset('g', topic, 3)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { operation: 'commitOffset', endOffset: 2 } });
    await expect(log.commitOffset('has space', topic, 0)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'group' } });
    await expect(log.replay('g', topic, 9)).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { operation: 'replay' } });
    await expect(log.applyRetention(topic, {})).rejects.toMatchObject({ code: 'VALIDATION_BAD_ARGUMENT', details: { argument: 'policy' } });
    expect(await log.loadOffset('g', topic)).toBeUndefined();
  });

  it('reports a closed database as PERSISTENCE_UNAVAILABLE (retryable)', async () => {
    const own = backend === 'postgres' && opened.url ? await openDatabase({ url: opened.url }) : opened.db;
    const local = createEventLog(own);
    if (own !== opened.db) {
      await own.close();
      await expect(local.append('log.closed', event('log.closed', 1))).rejects.toMatchObject({ code: 'PERSISTENCE_UNAVAILABLE', retryable: true });
    }
    await local.close();
    await expect(local.append('log.closed', event('log.closed', 1))).rejects.toMatchObject({ code: 'PERSISTENCE_UNAVAILABLE', retryable: true });
  });
});
