import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // libp2p needs Promise.withResolvers, which Node 20 lacks.
    setupFiles: ['src/p2p/promisePolyfill.ts'],
  },
});
