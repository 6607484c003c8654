/** Locates the repository root, so the bench writes the same file whether run from bench/ or dist/bench/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typewireError } from '../../runtime/errors/typewire-error.js';

export function packageRoot(fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'typewire') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw typewireError('INTERNAL_UNEXPECTED', `no typewire package.json above ${fromUrl}`);
    dir = parent;
  }
}
