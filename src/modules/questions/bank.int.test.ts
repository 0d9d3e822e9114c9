/**
 * The curated bank, proved: at least 45 problems (12 easy, 18 medium, 12 hard), each in Python,
 * JavaScript and TypeScript; every reference solution passes all its tests in the real sandbox
 * and every starter fails at least one hidden test.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../../../test/support/logger.ts';
import { createSandbox, type Sandbox } from '../sandbox/index.ts';
import { loadBank } from './bank.loader.driver.ts';
import type { BankEntry } from './bank.schema.ts';
import { checkBankEntry } from './bank-check.service.ts';

let sandbox: Sandbox;
let bank: BankEntry[];

beforeAll(async () => {
  bank = loadBank();
  sandbox = await createSandbox(
    {
      unsafeDev: false,
      python: '/usr/bin/python3',
      node: process.execPath,
      concurrency: availableParallelism(),
      queueLimit: 10_000,
      uidBase: 61_500,
    },
    testLogger,
  );
});
afterAll(async () => {
  await sandbox?.close();
});

describe('the curated question bank', () => {
  it('has at least 45 problems: 12 easy, 18 medium and 12 hard', () => {
    const count = (difficulty: string) =>
      bank.filter((entry) => entry.question.difficulty === difficulty).length;
    expect(bank.length).toBeGreaterThanOrEqual(45);
    expect(count('easy')).toBeGreaterThanOrEqual(12);
    expect(count('medium')).toBeGreaterThanOrEqual(18);
    expect(count('hard')).toBeGreaterThanOrEqual(12);
    expect(new Set(bank.map((entry) => entry.question.title)).size).toBe(bank.length);
  });

  it('proves every problem in every language in the sandbox', async () => {
    expect(sandbox.info.isolated).toBe(true);
    const problems = (await Promise.all(bank.map((entry) => checkBankEntry(sandbox, entry)))).flat();
    expect(problems.map((problem) => `${problem.slug} [${problem.language}] ${problem.problem}`)).toEqual([]);
  }, 180_000);
});
