/**
 * The databases the queue benchmark runs on: a fresh database on the
 * machine's PostgreSQL per run (created here, dropped at teardown, as the
 * store tests do), and the server settings that decide what a commit costs.
 */
import pg from 'pg';

/** The server's maintenance database; TYPEWIRE_BENCH_PG_URL points elsewhere. */
export const PG_ADMIN_URL = process.env.TYPEWIRE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database named after this process and returns its URL and how to drop it. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `typewire_bench_${process.pid}_${Date.now().toString(36)}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** What the numbers depend on: durability settings and the server version. */
export async function serverSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const show = async (name: string): Promise<string> => (await client.query<Record<string, string>>(`show ${name}`)).rows[0]![name]!;
    return `PostgreSQL ${await show('server_version')}, fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
