/**
 * Proves a bank problem in the sandbox, per language: the reference solution passes every test,
 * and the starter fails at least one hidden test (a starter that passes would give the answer
 * away). Used by the bank test, `scripts/check-bank.ts` and, for generated questions, generation.
 */
import type { RunResult, Sandbox, TestCase } from '../sandbox/index.ts';
import { type BankEntry, type BankLanguage, bankLanguages, extensionOf } from './bank.schema.ts';

/** One thing wrong with a problem, said so an author can fix it. */
export interface BankProblem {
  slug: string;
  language: BankLanguage;
  problem: string;
}

/** The bank's tests as sandbox test cases (ids are positions; hidden flags kept). */
export function sandboxTestsOf(entry: BankEntry): TestCase[] {
  return entry.question.tests.map((test, index) => ({
    id: `t${index}`,
    name: test.name,
    args: test.args,
    expected: test.expected,
    hidden: test.hidden,
    weight: 1,
    ...(test.timeoutMs ? { timeoutMs: test.timeoutMs } : {}),
  }));
}

function runCode(
  sandbox: Sandbox,
  entry: BankEntry,
  language: BankLanguage,
  code: string,
): Promise<RunResult> {
  return sandbox.run({
    language,
    kind: 'hidden',
    files: [{ path: `solution.${extensionOf[language]}`, content: code }],
    entryPoint: entry.question.entryPoints[language],
    tests: sandboxTestsOf(entry),
  });
}

function failures(result: RunResult): string {
  const failed = result.tests.filter((test) => !test.passed).slice(0, 3);
  return failed
    .map(
      (test) =>
        `"${test.testName}": got ${test.output || '-'} ${test.error ? `(${test.error.split('\n').at(-1)})` : ''}`,
    )
    .join('; ');
}

/** Every problem found with `entry` in `languages` (all three by default); empty when it is sound. */
export async function checkBankEntry(
  sandbox: Sandbox,
  entry: BankEntry,
  languages: readonly BankLanguage[] = bankLanguages,
): Promise<BankProblem[]> {
  const problems: BankProblem[] = [];
  const slug = entry.question.slug;
  await Promise.all(
    languages.map(async (language) => {
      const solution = await runCode(sandbox, entry, language, entry.solutions[language]);
      if (solution.status !== 'ok' || solution.passed !== solution.total) {
        problems.push({
          slug,
          language,
          problem:
            `reference solution: ${solution.status}, ${solution.passed}/${solution.total} passed. ${failures(solution)} ${solution.stderr.slice(0, 300)}`.trim(),
        });
      }
      const starter = await runCode(sandbox, entry, language, entry.starters[language]);
      if (starter.status === 'compile_error') {
        problems.push({
          slug,
          language,
          problem: `starter does not compile: ${starter.stderr.slice(0, 300)}`,
        });
      } else if (starter.tests.every((test) => !test.hidden || test.passed)) {
        problems.push({
          slug,
          language,
          problem: 'starter passes every hidden test: it gives the answer away',
        });
      }
    }),
  );
  return problems;
}
