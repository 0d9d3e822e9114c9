import { defineConfig } from 'vitest/config';

/** End-to-end tests in headless Chromium (`npm run test:e2e`; `.ci/run` runs them after `npm test`). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.spec.ts'],
    pool: 'forks',
    // One browser and one platform at a time: the pages are slow enough on a shared 2-core box.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
