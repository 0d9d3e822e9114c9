/**
 * Turning a stored question into what runs and what is shown: sandbox test cases, the main file,
 * and a content hash of a set of files. Pure.
 */
import { createHash } from 'node:crypto';
import type { StoredQuestion } from '../questions/index.ts';
import type { TestCase } from '../sandbox/index.ts';

/** The question's tests as the sandbox takes them; ids are positions (stable per question). */
export function sandboxTestsOf(question: Pick<StoredQuestion, 'tests'>): TestCase[] {
  return question.tests.map((test, index) => ({
    id: `t${index}`,
    name: test.name,
    args: test.args,
    expected: test.expected,
    hidden: test.hidden,
    weight: test.weight ?? 1,
    ...(test.timeoutMs ? { timeoutMs: test.timeoutMs } : {}),
  }));
}

/** The file holding the entry point: the first starter file when the workspace still has it. */
export function mainFileOf(
  question: Pick<StoredQuestion, 'starterFiles'>,
  files: ReadonlyArray<{ path: string }>,
): string {
  const starter = question.starterFiles[0]?.path;
  if (starter && (files.length === 0 || files.some((file) => file.path === starter))) return starter;
  return files[0]?.path ?? starter ?? 'solution.py';
}

/** SHA-256 over paths and contents in path order. */
export function contentHashOfFiles(files: ReadonlyArray<{ path: string; content: string }>): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(file.path).update('\u0000').update(file.content).update('\u0000');
  }
  return hash.digest('hex');
}
