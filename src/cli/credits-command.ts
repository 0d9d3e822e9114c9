/**
 * `interviewlm credits …`: an operator's direct access to credits — grant (or take back) credits,
 * show a balance, list and add credit packs (what the Paddle webhook credits per price). Direct
 * database access: run it where DATABASE_URL/DATA_DIR point at the platform's database.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config/env.ts';
import {
  createCreditsService,
  creditBalance,
  findOrganization,
  insertCreditPackage,
  listCreditPackages,
} from '../modules/billing/index.ts';
import { openDatabase } from '../platform/db/client.ts';
import { AppError } from '../platform/errors.ts';
import { createLogger, type Logger } from '../platform/logger.ts';

export const creditsUsage = `Usage:
  interviewlm credits grant --org <id or slug> --amount N [--reason TEXT]
                                     add N credits (a negative N takes credits back)
  interviewlm credits balance --org <id or slug>
                                     show the balance
  interviewlm credits packages       list credit packs (the Paddle webhook credits by their price id)
  interviewlm credits add-package --name NAME --credits N [--paddle-price-id pri_…] [--price-cents N --currency EUR]
                                     add a credit pack`;

class UsageError extends Error {}

function wholeNumber(value: string | undefined, flag: string): number {
  if (value === undefined || !/^-?\d+$/.test(value.trim()))
    throw new UsageError(`${flag} must be a whole number`);
  return Number(value.trim());
}

function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} is required`);
  return value.trim();
}

const subcommands = ['grant', 'balance', 'packages', 'add-package'];

function parseCreditsArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      amount: { type: 'string' },
      reason: { type: 'string' },
      name: { type: 'string' },
      credits: { type: 'string' },
      'paddle-price-id': { type: 'string' },
      'price-cents': { type: 'string' },
      currency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, command: positionals[0], extra: positionals.slice(1) };
}

/** Runs the subcommand; resolves with the exit code (0 done, 1 refused, 2 usage). */
export async function runCreditsCommand(argv: string[], config: Config, logger?: Logger): Promise<number> {
  let parsed: ReturnType<typeof parseCreditsArgs>;
  try {
    parsed = parseCreditsArgs(argv);
    if (parsed.values.help) {
      process.stdout.write(`${creditsUsage}\n`);
      return 0;
    }
    if (!parsed.command || !subcommands.includes(parsed.command)) {
      throw new UsageError(
        parsed.command ? `unknown subcommand "${parsed.command}"` : 'a subcommand is required',
      );
    }
    if (parsed.extra.length > 0) throw new UsageError(`unexpected argument "${parsed.extra[0]}"`);
  } catch (error) {
    // parseArgs explains "--amount -5" itself: it asks for --amount=-5.
    process.stderr.write(`interviewlm credits: ${(error as Error).message}\n\n${creditsUsage}\n`);
    return 2;
  }
  const { values, command } = parsed;
  const log = logger ?? createLogger({ level: 'warn', destination: 2 });
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    // Validate arguments before touching the database.
    const grant =
      command === 'grant'
        ? {
            organization: required(values.org, '--org'),
            amount: wholeNumber(values.amount, '--amount'),
            reason: values.reason,
          }
        : undefined;
    if (grant && grant.amount === 0) throw new UsageError('--amount must not be 0');
    const pack =
      command === 'add-package'
        ? {
            name: required(values.name, '--name'),
            credits: wholeNumber(values.credits, '--credits'),
            paddlePriceId: values['paddle-price-id']?.trim() || null,
            priceCents:
              values['price-cents'] === undefined
                ? null
                : wholeNumber(values['price-cents'], '--price-cents'),
            currency: values.currency?.trim().toUpperCase() || null,
          }
        : undefined;
    if (pack && pack.credits <= 0) throw new UsageError('--credits must be > 0');
    const org = command === 'balance' ? required(values.org, '--org') : undefined;

    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger: log });
    await database.migrate();
    const db = database.db;
    if (grant) {
      const result = await createCreditsService({ db }).grant({ ...grant, actor: { kind: 'cli' } });
      process.stdout.write(
        `${grant.amount > 0 ? 'Granted' : 'Took back'} ${Math.abs(grant.amount)} credit${Math.abs(grant.amount) === 1 ? '' : 's'} ` +
          `${grant.amount > 0 ? 'to' : 'from'} ${result.organization.name} (${result.organization.slug}); balance: ${result.balance}\n`,
      );
      return 0;
    }
    if (org) {
      const found = await findOrganization(db, org);
      if (!found) throw new AppError('NOT_FOUND', `Organization "${org}" was not found`);
      process.stdout.write(
        `${found.name} (${found.slug}): ${(await creditBalance(db, found.id)) ?? 0} credits\n`,
      );
      return 0;
    }
    if (pack) {
      const created = await insertCreditPackage(db, pack);
      process.stdout.write(
        `Added credit pack ${created.name} (${created.credits} credits), id ${created.id}\n`,
      );
      return 0;
    }
    const packs = await listCreditPackages(db, { all: true });
    if (packs.length === 0)
      process.stdout.write('No credit packs. Add one with `interviewlm credits add-package`.\n');
    for (const p of packs) {
      const price =
        p.priceCents === null ? '' : ` ${(p.priceCents / 100).toFixed(2)} ${p.currency ?? ''}`.trimEnd();
      process.stdout.write(
        `${p.id}  ${p.name}  ${p.credits} credits${price}  paddle price: ${p.paddlePriceId ?? '-'}${p.active ? '' : '  (inactive)'}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`interviewlm credits: ${error.message}\n\n${creditsUsage}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      process.stderr.write(`interviewlm credits: ${error.message}\n`);
      return 1;
    }
    const unique =
      (error as { code?: string; cause?: { code?: string } }).cause?.code ??
      (error as { code?: string }).code;
    if (unique === '23505') {
      process.stderr.write('interviewlm credits: a credit pack with this Paddle price id already exists\n');
      return 1;
    }
    throw error;
  } finally {
    await database?.close();
  }
}
