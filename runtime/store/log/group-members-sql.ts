/**
 * Consumer-group membership (migration 5): one subscription of a group reads
 * a topic at a time, the one holding the group's lease on it.
 */
import type { SqlExecutor } from '../sql-database.js';

// Taken when free or expired. (Ours already: see RENEW; taking it again here would skip reloading the offset.)
const TAKE = `
  insert into typewire_log_group_members as m (group_name, topic, member, lease_until)
  values ($1, $2, $3, now() + $4::float8 * interval '1 millisecond')
  on conflict (group_name, topic) do update set member = excluded.member, lease_until = excluded.lease_until
    where m.lease_until < now()
  returning m.member`;

// Extends a lease still held: one that ran out, or that another member took, is not renewed.
const RENEW = `
  update typewire_log_group_members set lease_until = now() + $4::float8 * interval '1 millisecond'
  where group_name = $1 and topic = $2 and member = $3 and lease_until >= now()`;

const RELEASE = 'delete from typewire_log_group_members where group_name = $1 and topic = $2 and member = $3';

const HOLDER = 'select member from typewire_log_group_members where group_name = $1 and topic = $2';

const LEASE_LEFT = `
  select greatest(0, extract(epoch from lease_until - now()) * 1000)::float8 as ms
  from typewire_log_group_members where group_name = $1 and topic = $2`;

/** Takes the group's lease on `topic` for `member`, for `leaseMs`, when nobody holds it or it ran out; false otherwise. */
export async function takeGroup(db: SqlExecutor, group: string, topic: string, member: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(TAKE, [group, topic, member, leaseMs]);
  return rowCount === 1;
}

/** Extends `member`'s lease by `leaseMs` from now; false when it no longer holds a live one. */
export async function renewGroup(db: SqlExecutor, group: string, topic: string, member: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(RENEW, [group, topic, member, leaseMs]);
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
