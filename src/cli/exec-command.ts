/**
 * `interviewlm exec`: runs a program in the sandbox from the command line, for operators and
 * scripts. With --entry and --tests it grades the tests and prints the RunResult as JSON; without
 * them it runs the file ad hoc. Exit 0 whenever the run happened, whatever the verdict; 2 for bad
 * arguments or input files; 1 when no sandbox can run code here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config/env.ts';
import {
  createExecutionService,
  createSandbox,
  type RunRequest,
  RunRequestSchema,
  TestCaseSchema,
} from '../modules/sandbox/index.ts';
import type { Logger } from '../platform/logger.ts';

/** Usage text of the subcommand. */
export const execUsage = `Usage:
  interviewlm exec --language python|javascript|typescript --entry NAME --tests tests.json FILE [FILE...]
  interviewlm exec --language python|javascript|typescript [--stdin input.txt] FILE [FILE...]

The first FILE holds the entry point (or is the program run ad hoc); the others are importable.
tests.json is an array of {name, args: [...], expected, hidden?, weight?, timeoutMs?, id?}.`;

/** A usage or input problem: exit 2 with this message. */
export class ExecUsageError extends Error {}

/** Tests as written in a tests file: `id` and `hidden` may be left out. */
const TestsFileSchema = z.array(
  TestCaseSchema.extend({ id: z.string().min(1).max(100).optional(), hidden: z.boolean().default(false) }),
);

function readInput(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ExecUsageError(
      `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** Parses arguments and files into a run request; throws ExecUsageError when they are wrong. */
export function parseExecArguments(argv: string[]): RunRequest {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        language: { type: 'string' };
        entry: { type: 'string' };
        tests: { type: 'string' };
        stdin: { type: 'string' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        language: { type: 'string' },
        entry: { type: 'string' },
        tests: { type: 'string' },
        stdin: { type: 'string' },
      },
    });
  } catch (error) {
    throw new ExecUsageError((error as Error).message);
  }
  const { language, entry, tests, stdin } = parsed.values;
  if (!language) throw new ExecUsageError('--language is required');
  if (parsed.positionals.length === 0) throw new ExecUsageError('name at least one source FILE');
  if (Boolean(entry) !== Boolean(tests)) throw new ExecUsageError('--entry and --tests go together');
  if (tests && stdin) throw new ExecUsageError('--stdin applies to ad-hoc runs only');
  const files = parsed.positionals.map((file) => ({
    path: path.basename(file),
    content: readInput(file, 'source file'),
  }));
  let testCases: RunRequest['tests'];
  if (tests) {
    let json: unknown;
    try {
      json = JSON.parse(readInput(tests, 'tests file'));
    } catch (error) {
      if (error instanceof ExecUsageError) throw error;
      throw new ExecUsageError(`${tests} is not valid JSON: ${(error as Error).message}`);
    }
    const checked = TestsFileSchema.safeParse(json);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ExecUsageError(
        `${tests}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    testCases = checked.data.map((test, index) => ({ ...test, id: test.id ?? `test-${index + 1}` }));
  }
  const request = RunRequestSchema.safeParse({
    language,
    kind: tests ? 'hidden' : 'adhoc',
    files,
    ...(entry ? { entryPoint: entry, tests: testCases } : {}),
    ...(stdin ? { stdin: readInput(stdin, 'stdin file') } : {}),
  });
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new ExecUsageError(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  return request.data;
}

/** Runs the subcommand; resolves with the exit code. */
export async function runExecCommand(argv: string[], config: Config, logger: Logger): Promise<number> {
  let request: RunRequest;
  try {
    request = parseExecArguments(argv);
  } catch (error) {
    if (!(error instanceof ExecUsageError)) throw error;
    process.stderr.write(`interviewlm exec: ${error.message}\n\n${execUsage}\n`);
    return 2;
  }
  const sandbox = await createSandbox(config.sandbox, logger);
  if (sandbox.info.driver === 'none') {
    process.stderr.write(
      `interviewlm exec: no sandbox can run code here:\n  - ${sandbox.info.notes.join('\n  - ')}\n` +
        'Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or for development only set SANDBOX_UNSAFE_DEV=1.\n',
    );
    return 1;
  }
  const result = await createExecutionService({ backend: { kind: 'inline', sandbox } })
    .run(request)
    .finally(() => sandbox.close());
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
