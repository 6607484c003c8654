// typewire emits its precompiled validators as plain JavaScript with a .d.ts
// beside each. tsc type-checks against the .d.ts but does not copy the .js,
// so the build copies them next to the compiled output.
import { cpSync, existsSync, statSync } from 'node:fs';

if (existsSync('generated')) {
  cpSync('generated', 'dist/generated', {
    recursive: true,
    filter: (source) => statSync(source).isDirectory() || source.endsWith('.js'),
  });
}
