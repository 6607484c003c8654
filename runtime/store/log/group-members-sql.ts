/**
 * Consumer-group membership (migration 5): one subscription of a group reads
 * a topic at a time, the one holding the group's lease on it.
 */
import type { SqlExecutor } from '../sql-database.js';

// Taken when free, expired, or already ours (a renewal).
const HOLD = `
  insert into typewire_log_group_members as m (group_name, topic, member, lease_until)
  values ($1, $2, $3, now() + $4::float8 * interval '1 millisecond')
  on conflict (group_name, topic) do update set member = excluded.member, lease_until = excluded.lease_until
    where m.member = excluded.member or m.lease_until < now()
  returning m.member`;

const RELEASE = 'delete from typewire_log_group_members where group_name = $1 and topic = $2 and member = $3';

const HOLDER = 'select member from typewire_log_group_members where group_name = $1 and topic = $2';

const LEASE_LEFT = `
  select greatest(0, extract(epoch from lease_until - now()) * 1000)::float8 as ms
  from typewire_log_group_members where group_name = $1 and topic = $2`;

/** Takes or renews `member`'s lease on the group's reading of `topic` for `leaseMs`; false when another member holds it. */
export async function holdGroup(db: SqlExecutor, group: string, topic: string, member: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(HOLD, [group, topic, member, leaseMs]);
  return rowCount === 1;
}

/** Milliseconds until the current holder's lease runs out (0 when it has, or nobody holds it). */
export async function groupLeaseLeft(db: SqlExecutor, group: string, topic: string): Promise<number> {
  const { rows } = await db.query<{ ms: number }>(LEASE_LEFT, [group, topic]);
  return rows[0]?.ms ?? 0;
}

/** Gives the lease up (no-op when `member` does not hold it), so a standby takes over at once. */
export async function releaseGroup(db: SqlExecutor, group: string, topic: string, member: string): Promise<void> {
  await db.query(RELEASE, [group, topic, member]);
}

/** The member holding the group's lease on `topic`, if any (its lease may have run out). */
export async function groupHolder(db: SqlExecutor, group: string, topic: string): Promise<string | undefined> {
  const { rows } = await db.query<{ member: string }>(HOLDER, [group, topic]);
  return rows[0]?.member;
}
