import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../../../../runtime/store/log/index.js';
import type { OpenedDatabase } from '../databases.js';
import { availableBackends, event, events, openLogDatabase, uniqueTopic, waitFor } from './log-fixtures.js';

const backends = await availableBackends();

describe.each(backends)('event log retention on %s', (backend) => {
  let opened: OpenedDatabase;
  let log: EventLog;

  beforeAll(async () => {
    opened = await openLogDatabase(backend);
    log = createEventLog(opened.db);
  });
  afterAll(async () => {
    await log?.close();
    await opened?.close();
  });

  /** Makes entries below `offset` look `ageMs` old. */
  async function age(topic: string, offset: number, ageMs: number): Promise<void> {
    await opened.db.query(`update typewire_log_entries set appended_at = now() - $3::float8 * interval '1 millisecond' where topic = $1 and log_offset < $2`, [topic, offset, ageMs]);
  }

  it('keeps the newest maxEntries and never reuses an offset', async () => {
    const topic = uniqueTopic('count');
    await log.append(topic, events(topic, 10));
    expect(await log.applyRetention(topic, { maxEntries: 4 })).toEqual({ topic, deleted: 6, startOffset: 6 });
    expect(await log.applyRetention(topic, { maxEntries: 4 })).toEqual({ topic, deleted: 0, startOffset: 6 });
    expect(await log.bounds(topic)).toEqual({ startOffset: 6, endOffset: 10 });
    expect(await log.append(topic, event(topic, { n: 10 }))).toBe(10);
    expect((await log.read(topic)).entries.map((e) => e.offset)).toEqual([6, 7, 8, 9, 10]);
  });

  it('deletes entries older than maxAgeMs', async () => {
    const topic = uniqueTopic('age');
    await log.append(topic, events(topic, 6));
    await age(topic, 4, 3_600_000);
    expect(await log.applyRetention(topic, { maxAgeMs: 60_000 })).toEqual({ topic, deleted: 4, startOffset: 4 });
    expect((await log.read(topic)).entries.map((e) => e.offset)).toEqual([4, 5]);
    expect(await log.applyRetention(topic, { maxAgeMs: 60_000 })).toMatchObject({ deleted: 0 });
  });

  it('keeps the newest entries that fit in maxBytes', async () => {
    const topic = uniqueTopic('bytes');
    await log.append(topic, events(topic, 8));
    const sizes = (await log.read(topic)).entries.map((e) => e.size);
    expect(new Set(sizes).size).toBe(1); // same shape, same size: the arithmetic below holds
    const size = sizes[0]!;
    expect(await log.applyRetention(topic, { maxBytes: 3 * size + size - 1 })).toEqual({ topic, deleted: 5, startOffset: 5 });
    expect(await log.applyRetention(topic, { maxBytes: 3 * size })).toMatchObject({ deleted: 0, startOffset: 5 });
    expect(await log.applyRetention(topic, { maxBytes: size - 1 })).toEqual({ topic, deleted: 3, startOffset: 8 });
    expect(await log.bounds(topic)).toEqual({ startOffset: 8, endOffset: 8 });
  });

  it('applies the strictest of several limits', async () => {
    const topic = uniqueTopic('combined');
    await log.append(topic, events(topic, 10));
    await age(topic, 7, 3_600_000);
    expect(await log.applyRetention(topic, { maxAgeMs: 60_000, maxEntries: 5 })).toMatchObject({ deleted: 7, startOffset: 7 });
    expect(await log.applyRetention(topic, { maxAgeMs: 60_000, maxEntries: 1 })).toMatchObject({ deleted: 2, startOffset: 9 });
  });

  it('reports a gap to a reader asking below the retained start, even when nothing is left', async () => {
    const topic = uniqueTopic('gap');
    await log.append(topic, events(topic, 6));
    await log.applyRetention(topic, { maxEntries: 2 });
    const read = await log.read(topic, { fromOffset: 1, limit: 10 });
    expect(read.gap).toEqual({ topic, requestedOffset: 1, earliestOffset: 4, missed: 3 });
    expect(read.entries.map((e) => e.offset)).toEqual([4, 5]);
    expect((await log.read(topic, { fromOffset: 4 })).gap).toBeUndefined();
    expect(await log.read(topic)).toMatchObject({ nextOffset: 6 });
    await log.applyRetention(topic, { maxEntries: 0 });
    expect(await log.read(topic, { fromOffset: 5 })).toEqual({ entries: [], nextOffset: 6, gap: { topic, requestedOffset: 5, earliestOffset: 6, missed: 1 } });
  });

  it('does nothing on a topic that was never written', async () => {
    const topic = uniqueTopic('empty');
    expect(await log.applyRetention(topic, { maxEntries: 1, maxBytes: 1, maxAgeMs: 0 })).toEqual({ topic, deleted: 0, startOffset: 0 });
  });

  it('runs on a timer until stopped', async () => {
    const topic = uniqueTopic('timer');
    await log.append(topic, events(topic, 10));
    const stop = log.scheduleRetention([topic], { maxEntries: 2 }, { intervalMs: 20 });
    await waitFor('the scheduled run', async () => (await log.bounds(topic)).startOffset === 8);
    stop();
    await log.append(topic, events(topic, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await log.bounds(topic)).toEqual({ startOffset: 8, endOffset: 15 });
    expect(() => log.scheduleRetention(topic, { maxEntries: 1 }, { intervalMs: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_ARGUMENT' }));
    expect(() => log.scheduleRetention('a.#', { maxEntries: 1 }, { intervalMs: 10 })).toThrow(expect.objectContaining({ code: 'VALIDATION_BAD_TOPIC' }));
  });
});
