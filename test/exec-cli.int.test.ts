/** `interviewlm exec` as an operator or a script uses it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './support/platform-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ilm-exec-'));
const file = (name: string, content: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
};

const solution = file('solution.py', 'def double(x):\n    return x * 2 if x != 3 else 0\n');
const tests = file(
  'tests.json',
  JSON.stringify([
    { name: 'one', args: [1], expected: 2 },
    { name: 'three', args: [3], expected: 6, hidden: true },
  ]),
);

async function exec(args: string[]) {
  const run = runCli(['exec', ...args], cleanEnv({ DATA_DIR: dir }));
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('interviewlm exec', () => {
  it('grades tests and prints the RunResult as JSON, exit 0 even when a test fails', async () => {
    const { code, output } = await exec([
      '--language',
      'python',
      '--entry',
      'double',
      '--tests',
      tests,
      solution,
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(output);
    expect(result.status).toBe('ok');
    expect(
      result.tests.map((test: { testName: string; passed: boolean }) => [test.testName, test.passed]),
    ).toEqual([
      ['one', true],
      ['three', false],
    ]);
    expect(result.tests[1].hidden).toBe(true);
  });

  it('runs a file ad hoc with stdin', async () => {
    const program = file(
      'echo.js',
      "process.stdin.on('data', (d) => process.stdout.write(String(d).toUpperCase()));",
    );
    const input = file('input.txt', 'shout\n');
    const { code, output } = await exec(['--language', 'javascript', '--stdin', input, program]);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ kind: 'adhoc', status: 'ok', stdout: 'SHOUT\n' });
  });

  it('exits 2 with a clear message for bad arguments or input files', async () => {
    const missing = await exec([
      '--language',
      'python',
      '--entry',
      'double',
      '--tests',
      path.join(dir, 'nope.json'),
      solution,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/cannot read tests file .*nope\.json: ENOENT/);
    const badJson = await exec([
      '--language',
      'python',
      '--entry',
      'double',
      '--tests',
      file('bad.json', '[{'),
      solution,
    ]);
    expect(badJson.code).toBe(2);
    expect(badJson.output).toMatch(/is not valid JSON/);
    const badTests = await exec([
      '--language',
      'python',
      '--entry',
      'double',
      '--tests',
      file('t.json', '[{"name":"x"}]'),
      solution,
    ]);
    expect(badTests.code).toBe(2);
    expect(badTests.output).toMatch(/0\.args/);
    const badLanguage = await exec(['--language', 'cobol', solution]);
    expect(badLanguage.code).toBe(2);
    const noFile = await exec(['--language', 'python']);
    expect(noFile.code).toBe(2);
    expect(noFile.output).toContain('name at least one source FILE');
  });
});
