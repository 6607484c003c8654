// Adds package-lock.json entries for optional platform packages that this
// machine's registry does not serve (msgpackr-extract, rollup and esbuild
// ship one package per OS/CPU). Without them `npm ci` rejects the lock as out
// of sync. Entries carry os/cpu (and libc) so npm skips them on other
// machines, and no download address. Run after every `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPUS = { arm64: 'arm64', x64: 'x64', arm: 'arm', ia32: 'ia32', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x', loong64: 'loong64', mips64el: 'mips64el' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OSES.includes(p));
  const cpuPart = parts.find((p) => p in CPUS) ?? (parts.includes('arm') || parts.some((p) => p.startsWith('gnueabihf') || p.startsWith('musleabihf')) ? 'arm' : undefined);
  if (!os || !cpuPart) return undefined;
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined;
  return { os, cpu: CPUS[cpuPart] ?? cpuPart, libc };
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path === '' ? '' : `${path}/`}node_modules/${dep}`;
    const key = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[key]) continue;
    const platform = platformOf(dep);
    if (!platform) {
      console.warn(`complete-lock: cannot tell the platform of ${dep}; left out`);
      continue;
    }
    lock.packages[key] = {
      version: version.replace(/^[\^~=]/, ''),
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      license: entry.license,
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
const sorted = {};
for (const key of Object.keys(lock.packages).sort()) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lock: added ${added} platform entries`);
