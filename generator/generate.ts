/**
 * `typewire generate`: schemas in, generated files out. The front end builds
 * the model (or reports every schema issue), the emitters produce all files in
 * memory, and only then is the out dir touched, so a run with schema issues
 * writes nothing. With `check`, nothing is written at all and each file's
 * status says what a real run would do.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaIssue } from './model/types.js';
import { loadSchemaModel } from './front.js';
import { emitAll } from './emit/emit-all.js';
import { applyWrite } from './write/apply.js';
import { planWrite, type FileStatus } from './write/plan.js';

export interface GenerateProgress {
  /** `loading` counts schema files read; `emitting` counts messages and services emitted. */
  readonly stage: 'loading' | 'emitting';
  readonly done: number;
  readonly total: number;
  /** The schema file just finished, relative to the schemas folder. */
  readonly file: string;
}

export interface GenerateOptions {
  readonly schemasDir: string;
  readonly outDir: string;
  /** Write nothing; report what a run would create, update or delete. */
  readonly check?: boolean;
  readonly onProgress?: (event: GenerateProgress) => void;
}

export interface GeneratedFileStatus {
  /** The file's path: `outDir` joined with its place in the out dir. */
  readonly path: string;
  /** In check mode, what a real run would do. */
  readonly status: FileStatus;
}

export type GenerateResult =
  | { readonly ok: true; readonly files: GeneratedFileStatus[]; readonly messages: number; readonly services: number }
  | { readonly ok: false; readonly issues: SchemaIssue[] };

let cachedVersion: string | undefined;

/** typewire's own version, from the package.json above this module (source or dist layout alike). */
export function typewireVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'typewire' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // no package.json here; keep walking up
    }
    if (dirname(dir) === dir) throw new Error('typewire: cannot find its own package.json');
  }
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { onProgress } = options;
  const front = await loadSchemaModel(options.schemasDir, {
    onProgress: (done, total, file) => onProgress?.({ stage: 'loading', done, total, file }),
  });
  if (!front.ok) return { ok: false, issues: front.issues };
  const { model } = front;

  const emitted = await emitAll(model, { version: typewireVersion(), sourceRoot: basename(resolve(options.schemasDir)) }, (done, total, file) =>
    onProgress?.({ stage: 'emitting', done, total, file }),
  );
  if (!emitted.ok) return { ok: false, issues: emitted.issues };

  const plan = await planWrite(options.outDir, emitted.files);
  if (options.check !== true) await applyWrite(options.outDir, plan);
  return {
    ok: true,
    files: plan.map((file) => ({ path: join(options.outDir, file.path), status: file.status })),
    messages: model.messages.length,
    services: model.services.length,
  };
}
