import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['typewire-source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
