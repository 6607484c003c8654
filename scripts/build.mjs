// Builds dist/: compiles the TypeScript, then copies the files tsc does not
// emit (generated validators are plain JS with a .d.ts beside them).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

function copyPlainJs(dir) {
  if (!existsSync(join(root, dir))) return;
  for (const entry of readdirSync(join(root, dir))) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) copyPlainJs(rel);
    else if (/\.(js|d\.ts)$/.test(entry) && existsSync(join(root, rel.replace(/\.d\.ts$/, '.js')))) {
      cpSync(join(root, rel), join(root, 'dist', rel));
    }
  }
}
copyPlainJs('generated');
