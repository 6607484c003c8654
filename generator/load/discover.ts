/**
 * Finds the schema files under a schemas folder:
 * `messages/**\/*.{json,yaml,yml}` and `services/**\/*.service.{json,yaml,yml}`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type SchemaFileKind = 'message' | 'service';

export interface SchemaFile {
  /** Relative to the schemas folder, posix separators. */
  readonly file: string;
  readonly kind: SchemaFileKind;
}

export interface Discovery {
  readonly exists: boolean;
  /** Sorted by path. */
  readonly files: ReadonlyArray<SchemaFile>;
  /** Files under services/ that do not end in `.service.<ext>`: probably a naming mistake. */
  readonly misplaced: ReadonlyArray<string>;
}

const SCHEMA_EXTENSION = /\.(json|ya?ml)$/;
const SERVICE_EXTENSION = /\.service\.(json|ya?ml)$/;

export async function discoverSchemaFiles(schemasDir: string): Promise<Discovery> {
  const info = await stat(schemasDir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) return { exists: false, files: [], misplaced: [] };
  const files: SchemaFile[] = [];
  const misplaced: string[] = [];
  for (const file of await listFiles(schemasDir, 'messages')) {
    if (SCHEMA_EXTENSION.test(file)) files.push({ file, kind: 'message' });
  }
  for (const file of await listFiles(schemasDir, 'services')) {
    if (SERVICE_EXTENSION.test(file)) files.push({ file, kind: 'service' });
    else if (SCHEMA_EXTENSION.test(file)) misplaced.push(file);
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  misplaced.sort();
  return { exists: true, files, misplaced };
}

/** Every file below `root/sub`, as posix paths relative to root; hidden entries are skipped. */
async function listFiles(root: string, sub: string): Promise<string[]> {
  const entries = await readdir(join(root, sub), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = `${sub}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
