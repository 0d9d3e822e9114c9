/**
 * `interviewlm admin create --email E [--name N]`: marks a user as a platform operator (who may use
 * /api/admin/*, /metrics and /admin/queues when signed in). A new address gets an account with a
 * generated password, printed once. Direct database access: run it where DATABASE_URL/DATA_DIR
 * point at the platform's database.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config/env.ts';
import { createPlatformOperator } from '../modules/accounts/index.ts';
import { openDatabase } from '../platform/db/client.ts';
import type { Logger } from '../platform/logger.ts';

export const adminUsage = `Usage:
  interviewlm admin create --email E [--name N]   make E a platform operator (creating the account if needed)`;

/** Runs the subcommand; resolves with the exit code (0 done, 2 usage). */
export async function runAdminCommand(argv: string[], config: Config, logger: Logger): Promise<number> {
  let email: string;
  let name: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: 'string' }, name: { type: 'string' } },
    });
    if (positionals[0] !== 'create' || positionals.length > 1)
      throw new Error('expected: admin create --email E');
    email = z.email('--email must be an email address').parse(values.email);
    name = values.name;
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? (error.issues[0]?.message ?? 'invalid --email')
        : (error as Error).message;
    process.stderr.write(`interviewlm admin: ${message}\n\n${adminUsage}\n`);
    return 2;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await database.migrate();
    const password = randomBytes(15).toString('base64url');
    const result = await createPlatformOperator(database.db, {
      email,
      name: name ?? email.split('@')[0] ?? 'Operator',
      password,
    });
    process.stdout.write(
      result.created
        ? `Created platform operator ${email.toLowerCase()} with password: ${password}\n(shown once; change it with a password reset)\n`
        : `${email.toLowerCase()} is now a platform operator\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
