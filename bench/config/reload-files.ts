/**
 * The configuration file the reload benchmark rewrites, and the two ways an
 * editor saves it. Writes are synchronous on purpose: when the call returns
 * the new content is in place, so the clock starts at a well-defined moment
 * and no watcher callback can run before it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The two values the benchmark alternates; both are hot-reloadable (`/logging/level`). */
export type BenchLevel = 'info' | 'debug';

export function otherLevel(level: BenchLevel): BenchLevel {
  return level === 'info' ? 'debug' : 'info';
}

/**
 * A realistic small typewire.yaml: a few sections besides the one that
 * changes, so parsing and validation see the size of a real file.
 */
export function configText(level: BenchLevel): string {
  return [
    '# typewire.yaml rewritten by the config-reload benchmark',
    'runtime:',
    '  source: bench',
    '  codec: msgpack',
    'logging:',
    `  level: ${level}`,
    'metrics:',
    '  enabled: false',
    'server:',
    '  host: 127.0.0.1',
    '  port: 7000',
    '  maxConnections: 1000',
    '  heartbeatMs: 15000',
    '',
  ].join('\n');
}

/** How a save reaches the file. */
export type WriteMode = 'atomic' | 'in-place';

/**
 * Saves `text` to `file`. `atomic` writes a sibling temporary file and renames
 * it over the target (vim, VS Code, most tools that care about torn reads);
 * `in-place` truncates and rewrites the file itself (nano, `echo >`).
 */
export function saveConfig(file: string, text: string, mode: WriteMode): void {
  if (mode === 'in-place') {
    writeFileSync(file, text);
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
