/**
 * What the fault tests' consumers record, and how the tests read it back:
 * one row of `fault_deliveries` per handler run, written before the handler
 * returns (so before its ack). A message processed twice has two rows.
 */
import type { QueueDescriptor } from '../../../../runtime/descriptors.js';
import type { ConsumeOptions } from '../../../../runtime/store/queue/index.js';
import type { SqlExecutor } from '../../../../runtime/store/sql-database.js';
import type { Task } from '../../fixtures/shop.js';

/** The child consumer's settings (consumer-child.ts), passed as JSON. */
export interface ChildConfig {
  readonly url: string;
  /** Overrides of the task queue fixture: at least its name. */
  readonly queue: Partial<Pick<QueueDescriptor<Task>, 'name' | 'deadLetter' | 'maxRetries' | 'retryDelayMs'>> & { readonly name: string };
  readonly consume: ConsumeOptions;
  /** Each handler sleeps a random time in this range before recording. */
  readonly handlerDelayMs: readonly [number, number];
  /** The handler SIGKILLs its own process after recording this message id. */
  readonly killOn?: string;
  /** The child exits by itself after this long, whatever happens. */
  readonly maxLifetimeMs: number;
}

export interface Delivery {
  readonly id: string;
  readonly attempt: number;
  readonly pid: number;
}

export async function createDeliveriesTable(db: SqlExecutor): Promise<void> {
  await db.exec('create table if not exists fault_deliveries (n bigserial primary key, id text not null, attempt int not null, pid int not null)');
}

export async function recordDelivery(db: SqlExecutor, id: string, attempt: number, pid: number): Promise<void> {
  await db.query('insert into fault_deliveries (id, attempt, pid) values ($1, $2, $3)', [id, attempt, pid]);
}

/** Every recorded delivery, in the order they were recorded. */
export async function readDeliveries(db: SqlExecutor): Promise<Delivery[]> {
  const { rows } = await db.query<Delivery>('select id, attempt, pid from fault_deliveries order by n');
  return rows;
}

/** Deliveries grouped by message id, each list in recording order. */
export function byMessage(deliveries: ReadonlyArray<Delivery>): Map<string, Delivery[]> {
  const grouped = new Map<string, Delivery[]>();
  for (const delivery of deliveries) {
    const list = grouped.get(delivery.id) ?? [];
    list.push(delivery);
    grouped.set(delivery.id, list);
  }
  return grouped;
}
