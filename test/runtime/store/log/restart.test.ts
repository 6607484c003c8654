import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventLog, readLogPayload, type LogEntry } from '../../../../runtime/store/log/index.js';
import { openDatabase, type DatabaseOptions } from '../../../../runtime/store/open-database.js';
import { createTestDatabase } from '../databases.js';
import { availableBackends, events, uniqueTopic, waitFor } from './log-fixtures.js';

const backends = await availableBackends();

describe.each(backends)('event logs across a restart on %s', (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  /** Where the data lives: a PGlite data directory or a PostgreSQL database URL, reopened by each "process". */
  async function storage(): Promise<DatabaseOptions> {
    if (backend === 'pglite') {
      const dataDir = await mkdtemp(join(tmpdir(), 'typewire-log-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      return { dataDir };
    }
    const created = await createTestDatabase();
    cleanups.push(() => created.drop());
    return { url: created.url };
  }

  it('keeps entries, offsets, retention and group positions, and the group resumes where it stopped', async () => {
    const where = await storage();
    const topic = uniqueTopic('restart');

    // First process: writes 6, trims 1, consumes 3, writes 2 more, stops.
    const db1 = await openDatabase(where);
    const log1 = createEventLog(db1);
    await log1.append(topic, events(topic, 6));
    await log1.applyRetention(topic, { maxEntries: 5 });
    const firstRun: number[] = [];
    const sub = await log1.subscribe('projector', topic, (entry) => void firstRun.push(entry.offset), { batchSize: 3, pollIntervalMs: 60_000 });
    await waitFor('the first run', () => firstRun.length === 5);
    await sub.close();
    await log1.commitOffset('projector', topic, 4); // pretend it got only as far as 3
    await log1.append(topic, events(topic, 2, 6));
    await log1.close();
    await db1.close();

    // Second process, same storage.
    const db2 = await openDatabase(where);
    cleanups.push(() => db2.close());
    const log2 = createEventLog(db2);
    cleanups.push(() => log2.close());
    expect(await log2.bounds(topic)).toEqual({ startOffset: 1, endOffset: 8 });
    expect(await log2.loadOffset('projector', topic)).toBe(4);
    const secondRun: LogEntry[] = [];
    const resumed = await log2.subscribe('projector', topic, (entry) => void secondRun.push(entry), { fromOffset: 'earliest', pollIntervalMs: 60_000 });
    cleanups.push(() => resumed.close());
    await waitFor('the second run', () => secondRun.length === 4);
    expect(firstRun).toEqual([1, 2, 3, 4, 5]);
    expect(secondRun.map((e) => e.offset)).toEqual([4, 5, 6, 7]);
    expect(secondRun.map((e) => readLogPayload(e))).toEqual([{ n: 4 }, { n: 5 }, { n: 6 }, { n: 7 }]);
    expect(await log2.append(topic, events(topic, 1, 8))).toEqual([8]);
    await waitFor('the saved offset', async () => (await log2.loadOffset('projector', topic)) === 9);
  });
});
