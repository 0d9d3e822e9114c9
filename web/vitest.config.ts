/**
 * Runs only the web's unit tests, in Node, without the server suite's service checks:
 * `npx vitest run --config web/vitest.config.ts`. The root suite (`npm test`) runs them too once its
 * include lists `web/src/**\/*.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['web/src/**/*.test.ts'],
    environment: 'node',
  },
});
