/**
 * `typewire consumer lag`: how far a consumer group is behind on each event
 * log it reads: the log's end offset minus the group's committed offset (the
 * next offset it will read). A group behind the retained start has lost
 * entries to retention; `behindStart` says so. `reading` says whether a
 * subscription of the group holds a live lease on the topic (event-log
 * group leases: one reader per group and topic).
 */
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { groupLeaseLeft } from '../../runtime/store/log/group-members-sql.js';
import { createEventLog } from '../../runtime/store/log/index.js';
import type { SqlDatabase } from '../../runtime/store/sql-database.js';

export interface ConsumerLag {
  readonly group: string;
  readonly topic: string;
  readonly committed: number;
  readonly endOffset: number;
  readonly lag: number;
  readonly behindStart: boolean;
  readonly reading: boolean;
}

export async function consumerLag(db: SqlDatabase, group: string, topic: string | undefined): Promise<ConsumerLag[]> {
  const topics =
    topic !== undefined
      ? [topic]
      : (await db.query<{ topic: string }>('select distinct topic from typewire_log_group_offsets where group_name = $1 order by topic', [group])).rows.map((r) => r.topic);
  const log = createEventLog(db);
  try {
    const out: ConsumerLag[] = [];
    for (const t of topics) {
      const committed = await log.loadOffset(group, t);
      if (committed === undefined) continue;
      const bounds = await log.bounds(t);
      const reading = (await groupLeaseLeft(db, group, t)) > 0;
      out.push({ group, topic: t, committed, endOffset: bounds.endOffset, lag: Math.max(0, bounds.endOffset - committed), behindStart: committed < bounds.startOffset, reading });
    }
    if (out.length === 0) {
      throw new TypewireError('NOT_FOUND_CONSUMER_GROUP', `consumer group "${group}" has no committed offset${topic === undefined ? '' : ` on ${topic}`}`, { details: { group, ...(topic === undefined ? {} : { topic }) } });
    }
    return out;
  } finally {
    await log.close();
  }
}
