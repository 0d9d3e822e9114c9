import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from the schema; it never connects to a database here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/db/schema/index.ts',
  out: './src/platform/db/migrations',
  strict: true,
  verbose: true,
});
