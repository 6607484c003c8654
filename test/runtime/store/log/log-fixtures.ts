/**
 * Helpers shared by the event log tests: one migrated database per backend
 * and file, unique topics per test, envelopes, and bounded waiting.
 */
import { createEnvelope, type Envelope } from '../../../../runtime/envelope.js';
import { BACKENDS, openTestDatabase, requirePostgres, type Backend, type OpenedDatabase } from '../databases.js';

/** The backends to run on: PGlite always; PostgreSQL when reachable (required under CI=true). */
export async function availableBackends(): Promise<Backend[]> {
  const postgres = await requirePostgres();
  return BACKENDS.filter((backend) => backend === 'pglite' || postgres);
}

let topicCounter = 0;

/** A topic no other test in this process uses. */
export function uniqueTopic(name: string): string {
  topicCounter++;
  return `log.${name}.t${topicCounter}`;
}

export function event(topic: string, payload: unknown): Envelope<unknown> {
  return createEnvelope(topic, payload);
}

export function events(topic: string, count: number, first = 0): Array<Envelope<unknown>> {
  return Array.from({ length: count }, (_, i) => event(topic, { n: first + i }));
}

/** Resolves once `condition()` is true; fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens the database of `backend` (migrated); throws if it is unexpectedly unavailable. */
export async function openLogDatabase(backend: Backend): Promise<OpenedDatabase> {
  const opened = await openTestDatabase(backend);
  if (!opened) throw new Error(`${backend} is not available`);
  return opened;
}
