import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Generated code imports the package by name, as a user's project would.
    // Vite does not resolve a package's own name, so point it at the sources.
    alias: [
      { find: /^typewire\/codegen$/, replacement: here('./runtime/codegen.ts') },
      { find: /^typewire\/generator$/, replacement: here('./generator/index.ts') },
      { find: /^typewire\/browser$/, replacement: here('./runtime/browser.ts') },
      { find: /^typewire\/config$/, replacement: here('./runtime/config/index.ts') },
      { find: /^typewire\/observability$/, replacement: here('./runtime/observability/index.ts') },
      { find: /^typewire$/, replacement: here('./runtime/index.ts') },
    ],
    conditions: ['typewire-source'],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
