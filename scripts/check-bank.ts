/**
 * `node --import tsx scripts/check-bank.ts [slug ...]`: validates the curated question bank
 * (src/modules/questions/bank) and proves each problem in the real sandbox: every reference
 * solution passes all its tests, every starter fails a hidden test. Prints counts per difficulty
 * and every problem found; exit 1 when any.
 */

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import {
  type BankEntry,
  bankDirectory,
  checkBankEntry,
  loadBankEntry,
} from '../src/modules/questions/index.ts';
import { createSandbox } from '../src/modules/sandbox/index.ts';
import { createLogger } from '../src/platform/logger.ts';

const wanted = process.argv.slice(2);
const slugs = readdirSync(bankDirectory)
  .filter((name) => statSync(path.join(bankDirectory, name)).isDirectory())
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const entries: BankEntry[] = [];
let failed = 0;
for (const slug of slugs) {
  try {
    entries.push(loadBankEntry(path.join(bankDirectory, slug)));
  } catch (error) {
    failed += 1;
    process.stdout.write(`✗ ${(error as Error).message}\n`);
  }
}

const sandbox = await createSandbox(
  {
    unsafeDev: false,
    python: '/usr/bin/python3',
    node: process.execPath,
    concurrency: availableParallelism(),
    queueLimit: 10_000,
    uidBase: 61_000,
  },
  createLogger({ level: 'warn', name: 'check-bank' }),
);
try {
  if (!sandbox.info.isolated) throw new Error(`no isolated sandbox here (driver ${sandbox.info.driver})`);
  for (const entry of entries) {
    const problems = await checkBankEntry(sandbox, entry);
    if (problems.length === 0)
      process.stdout.write(`✓ ${entry.question.slug} (${entry.question.difficulty})\n`);
    for (const problem of problems) {
      process.stdout.write(`✗ ${problem.slug} [${problem.language}] ${problem.problem}\n`);
    }
    if (problems.length > 0) failed += 1;
  }
} finally {
  await sandbox.close();
}
const count = (difficulty: string) =>
  entries.filter((entry) => entry.question.difficulty === difficulty).length;
process.stdout.write(
  `\n${entries.length} problems (${count('easy')} easy, ${count('medium')} medium, ${count('hard')} hard), ${failed} with problems\n`,
);
process.exit(failed > 0 ? 1 : 0);
