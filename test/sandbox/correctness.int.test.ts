/**
 * Sandbox conformance, correctness: honest programs get the verdicts they deserve, in Python,
 * JavaScript and TypeScript: answers compared outside the sandbox (deep equality, float
 * tolerance, unicode), errors and timeouts per test, compile errors, ad-hoc runs, concurrency
 * and the "busy" refusal.
 *
 * Runs against the real bubblewrap driver; fails (never skips) when it is not available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language, TestCase } from '../../src/modules/sandbox/sandbox.schema.ts';
import type { Sandbox } from '../../src/modules/sandbox/sandbox.service.ts';
import { AppError } from '../../src/platform/errors.ts';
import {
  adhocRun,
  createSuiteSandbox,
  expectNothingPassed,
  plantEnvCanary,
  plusOneCases,
  summarize,
  testCase,
  testRun,
} from './support.ts';

plantEnvCanary();

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSuiteSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

/** Two-sum: the same question in every language, with a hidden test among the visible ones. */
const twoSumTests: TestCase[] = [
  testCase('sorted pair', [[2, 7, 11, 15], 9], [0, 1]),
  testCase('no answer', [[1, 2], 7], []),
  testCase('duplicates', [[3, 3], 6], [0, 1], { hidden: true }),
  testCase('negatives', [[-3, 4, 3, 90], 0], [0, 2], { hidden: true }),
  testCase('far apart', [[1, 5, 8, 2, 9, 4], 5], [0, 5]),
];
const twoSum: Record<Language, string> = {
  python: [
    'def two_sum(nums, target):',
    '    seen = {}',
    '    for i, n in enumerate(nums):',
    '        if target - n in seen:',
    '            return [seen[target - n], i]',
    '        seen[n] = i',
    '    return []',
    '',
  ].join('\n'),
  javascript: [
    'function two_sum(nums, target) {',
    '  const seen = new Map();',
    '  for (let i = 0; i < nums.length; i++) {',
    '    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];',
    '    seen.set(nums[i], i);',
    '  }',
    '  return [];',
    '}',
    'module.exports = { two_sum };',
  ].join('\n'),
  typescript: [
    'export function two_sum(nums: number[], target: number): number[] {',
    '  const seen = new Map<number, number>();',
    '  for (let i = 0; i < nums.length; i++) {',
    '    const j = seen.get(target - nums[i]);',
    '    if (j !== undefined) return [j, i];',
    '    seen.set(nums[i], i);',
    '  }',
    '  return [];',
    '}',
    '',
  ].join('\n'),
};
// Wrong on purpose: never pairs two equal values, and gives up on pairs more than 3 apart.
const wrongTwoSum = [
  'def two_sum(nums, target):',
  '    for i in range(len(nums)):',
  '        for j in range(i + 1, min(len(nums), i + 4)):',
  '            if nums[i] + nums[j] == target and nums[i] != nums[j]:',
  '                return [i, j]',
  '    return []',
  '',
].join('\n');

describe('sandbox conformance: correct verdicts', () => {
  it('runs on the real bubblewrap driver, isolated', () => {
    expect(['bwrap-userns', 'bwrap-root'], `driver: ${sandbox.info.driver}`).toContain(sandbox.info.driver);
    expect(sandbox.info.isolated).toBe(true);
  });

  describe('answers', () => {
    it('passes right answers and fails wrong ones (Python, JavaScript, TypeScript)', async () => {
      const tests = [
        testCase('one', [1, 2], 3),
        testCase('two', [10, -4], 6),
        testCase('wrong on purpose', [2, 2], 5),
      ];
      const results = await Promise.all([
        sandbox.run(testRun('python', 'def add(a, b):\n    return a + b\n', tests, { entryPoint: 'add' })),
        sandbox.run(
          testRun('javascript', 'function add(a, b) { return a + b; }', tests, { entryPoint: 'add' }),
        ),
        sandbox.run(
          testRun('typescript', 'export const add = (a: number, b: number): number => a + b;', tests, {
            entryPoint: 'add',
          }),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => [test.testName, test.passed, test.output, test.error])).toEqual([
          ['one', true, '3', null],
          ['two', true, '6', null],
          ['wrong on purpose', false, '4', null],
        ]);
        expect([result.passed, result.failed, result.total]).toEqual([2, 1, 3]);
      }
    });

    it('gives identical per-test verdicts for the same question in Python, JavaScript and TypeScript', async () => {
      const [py, js, ts] = await Promise.all(
        (['python', 'javascript', 'typescript'] as const).map((language) =>
          sandbox.run(
            testRun(language, twoSum[language], twoSumTests, { entryPoint: 'two_sum', kind: 'hidden' }),
          ),
        ),
      );
      const verdicts = (result: NonNullable<typeof py>) =>
        result.tests.map((test) => [test.testName, test.passed, test.output, test.hidden]);
      for (const result of [py, js, ts]) expect(result?.status).toBe('ok');
      if (!py || !js || !ts) throw new Error('missing result');
      expect(py.tests.map((test) => test.passed)).toEqual([true, true, true, true, true]);
      expect(verdicts(js)).toEqual(verdicts(py));
      expect(verdicts(ts)).toEqual(verdicts(py));
    });

    it('fails exactly the tests a wrong solution gets wrong', async () => {
      const result = await sandbox.run(
        testRun('python', wrongTwoSum, twoSumTests, { entryPoint: 'two_sum' }),
      );
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.tests.map((test) => test.passed)).toEqual([true, true, false, true, false]);
      expect(result.tests.map((test) => test.output)).toEqual(['[0,1]', '[]', '[]', '[0,2]', '[]']);
      expect([result.passed, result.failed]).toEqual([3, 2]);
    });

    it('keeps each test name and hidden flag, in order', async () => {
      const result = await sandbox.run(
        testRun('typescript', twoSum.typescript, twoSumTests, { entryPoint: 'two_sum' }),
      );
      expect(result.tests.map((test) => [test.testName, test.hidden])).toEqual(
        twoSumTests.map((test) => [test.name, test.hidden]),
      );
    });

    it('compares nested values deeply: object key order does not matter, array order does', async () => {
      const expected = { a: [1, { b: [true, null, 'x'] }], c: { d: { e: [[1], [2, 3]] } } };
      const tests = [
        testCase('same value', ['same'], expected),
        testCase('keys reordered', ['reordered'], expected),
        testCase('array reordered', ['swapped'], expected),
        testCase('extra key', ['extra'], expected),
        testCase('null for missing', ['missing'], expected),
      ];
      const python = [
        'def f(kind):',
        '    value = {"a": [1, {"b": [True, None, "x"]}], "c": {"d": {"e": [[1], [2, 3]]}}}',
        '    if kind == "reordered":',
        '        value = {"c": {"d": {"e": [[1], [2, 3]]}}, "a": [1, {"b": [True, None, "x"]}]}',
        '    if kind == "swapped":',
        '        value["c"]["d"]["e"] = [[2, 3], [1]]',
        '    if kind == "extra":',
        '        value["z"] = 0',
        '    if kind == "missing":',
        '        value["a"][1]["b"][1] = 0',
        '    return value',
        '',
      ].join('\n');
      const javascript = [
        'function f(kind) {',
        "  let value = { a: [1, { b: [true, null, 'x'] }], c: { d: { e: [[1], [2, 3]] } } };",
        "  if (kind === 'reordered') value = { c: { d: { e: [[1], [2, 3]] } }, a: [1, { b: [true, null, 'x'] }] };",
        "  if (kind === 'swapped') value.c.d.e = [[2, 3], [1]];",
        "  if (kind === 'extra') value.z = 0;",
        "  if (kind === 'missing') value.a[1].b[1] = 0;",
        '  return value;',
        '}',
      ].join('\n');
      const results = await Promise.all([
        sandbox.run(testRun('python', python, tests)),
        sandbox.run(testRun('javascript', javascript, tests)),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, true, false, false, false]);
      }
    });

    it('compares floats with a tolerance, integers exactly', async () => {
      const tests = [
        testCase('0.1 + 0.2', [0.1, 0.2], 0.3),
        testCase('large', [1e12, 0.0001], 1000000000000.0001),
        testCase('off by 0.001', [1, 0.001], 1),
        testCase('integers', [2, 2], 4),
        testCase('integer off by one', [2, 3], 4),
      ];
      const results = await Promise.all([
        sandbox.run(testRun('python', 'def f(a, b):\n    return a + b\n', tests)),
        sandbox.run(testRun('javascript', 'function f(a, b) { return a + b; }', tests)),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, true, false, true, false]);
      }
    });

    it('passes unicode strings through unchanged, both ways', async () => {
      const words = [
        'héllo wörld',
        '日本語のテキスト',
        'emoji 😀👩‍👩‍👧',
        'RTL עברית',
        'zero\u200bwidth',
        'e\u0301',
      ];
      const tests = words.map((word, i) => testCase(`word ${i}`, [word], [...word].reverse().join('')));
      const results = await Promise.all([
        sandbox.run(testRun('python', 'def f(s):\n    print(s)\n    return s[::-1]\n', tests)),
        sandbox.run(
          testRun('javascript', "function f(s) { console.log(s); return [...s].reverse().join(''); }", tests),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual(words.map(() => true));
        for (const word of words) expect(result.stdout).toContain(word);
      }
    });

    it('handles large inputs: a 100 000-element array argument', async () => {
      const numbers = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
      const total = numbers.reduce((sum, n) => sum + n, 0);
      const tests = [
        testCase('sum', [numbers], total, { timeoutMs: 3_000 }),
        testCase('sorted head', [numbers, true], [...numbers].sort((a, b) => a - b).slice(0, 5), {
          timeoutMs: 3_000,
        }),
      ];
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'def f(nums, head=False):\n    return sorted(nums)[:5] if head else sum(nums)\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            'function f(nums, head) { return head ? [...nums].sort((a, b) => a - b).slice(0, 5) : nums.reduce((s, n) => s + n, 0); }',
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, true]);
      }
    });

    it('allows deep recursion: depth 5000 (and 10 000) in Python and JavaScript', async () => {
      const tests = [testCase('depth 5000', [5000], 5000), testCase('depth 10000', [10_000], 10_000)];
      const results = await Promise.all([
        sandbox.run(testRun('python', 'def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\n', tests)),
        sandbox.run(testRun('javascript', 'function f(n) { return n === 0 ? 0 : 1 + f(n - 1); }', tests)),
        sandbox.run(
          testRun(
            'typescript',
            'export function f(n: number): number { return n === 0 ? 0 : 1 + f(n - 1); }',
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(
          result.tests.map((test) => test.passed),
          summarize(result),
        ).toEqual([true, true]);
      }
    });

    it('refuses values that cannot be compared as JSON: NaN, Map, class instance (JavaScript), set (Python)', async () => {
      const tests = [0, 1, 2, 3].map((i) => testCase(`value ${i}`, [i], null));
      const [js, py] = await Promise.all([
        sandbox.run(
          testRun(
            'javascript',
            'class Point { constructor() { this.x = 1; } }\nfunction f(i) { return [NaN, new Map([[1, 2]]), new Point(), [1, Infinity]][i]; }',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'python',
            'class Point:\n    pass\n\ndef f(i):\n    return [{1, 2}, float("nan"), Point(), [1, frozenset()]][i]\n',
            tests,
          ),
        ),
      ]);
      for (const result of [js, py]) {
        expect(result.status, summarize(result)).toBe('ok');
        expectNothingPassed(result);
        for (const test of result.tests) expect(test.error).toMatch(/cannot be compared as JSON/);
      }
      expect(js.tests.map((test) => test.error)).toEqual([
        'the returned value cannot be compared as JSON: it contains NaN',
        'the returned value cannot be compared as JSON: it is a Map object',
        'the returned value cannot be compared as JSON: it is a Point object',
        'the returned value cannot be compared as JSON: it contains Infinity',
      ]);
      expect(py.tests[0]?.error).toMatch(/returned set value/);
    });
  });

  describe('errors', () => {
    it("reports an exception with the candidate's own message, and runs the later tests", async () => {
      const tests = plusOneCases(2, 2_000);
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'def f(x):\n    if x == 0:\n        raise ValueError("custom message 4711")\n    return x + 1\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            "function f(x) { if (x === 0) throw new RangeError('custom message 4711'); return x + 1; }",
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'typescript',
            "export function f(x: number): number { if (x === 0) throw new TypeError('custom message 4711'); return x + 1; }",
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([false, true]);
        expect(result.tests[0]?.error).toMatch(/(ValueError|RangeError|TypeError): custom message 4711/);
        expect(result.tests[0]?.error).not.toMatch(/harness/);
      }
    });

    it('a per-test timeout fails only that test; later tests still run (Python, JavaScript)', async () => {
      const tests = [
        testCase('fast', [1], 2, { timeoutMs: 1_000 }),
        testCase('too slow', [0], 1, { timeoutMs: 300 }),
        testCase('fast again', [2], 3, { timeoutMs: 1_000 }),
      ];
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'import time\n\ndef f(x):\n    if x == 0:\n        time.sleep(5)\n    return x + 1\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            'function f(x) { if (x === 0) { const end = Date.now() + 5000; while (Date.now() < end) {} } return x + 1; }',
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.tests.map((test) => test.passed)).toEqual([true, false, true]);
        expect(result.tests[1]?.error).toBe('time limit exceeded (300 ms)');
      }
    });

    it('a syntax error is a compile_error (Python, JavaScript, TypeScript via esbuild)', async () => {
      const tests = plusOneCases(2, 1_000);
      const [py, js, ts] = await Promise.all([
        sandbox.run(testRun('python', 'def f(x)\n    return x + 1\n', tests)),
        sandbox.run(testRun('javascript', 'function f(x) { return x +* 1; }', tests)),
        sandbox.run(testRun('typescript', 'export function f(x: number { return x + 1; }', tests)),
      ]);
      for (const result of [py, js, ts]) {
        expect(result.status, summarize(result)).toBe('compile_error');
        expectNothingPassed(result);
      }
      expect(py.tests[0]?.error).toMatch(/SyntaxError/);
      expect(ts.tests[0]?.error).toMatch(/^solution\.ts:1:\d+: /);
      expect(js.tests[0]?.error).toMatch(/^solution\.js:1:\d+: /);
    });

    it('a missing entry point is a runtime_error naming the function (Python, JavaScript, TypeScript)', async () => {
      const tests = plusOneCases(1, 1_000);
      const results = await Promise.all([
        sandbox.run(testRun('python', 'def g(x):\n    return x\n', tests, { entryPoint: 'solve_it' })),
        sandbox.run(testRun('javascript', 'function g(x) { return x; }', tests, { entryPoint: 'solve_it' })),
        sandbox.run(
          testRun('typescript', 'export const g = (x: number) => x;', tests, { entryPoint: 'solve_it' }),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('runtime_error');
        expectNothingPassed(result);
        expect(result.tests[0]?.error).toMatch(/solve_it/);
      }
    });

    it('an exception while loading is a runtime_error carrying its message', async () => {
      const tests = plusOneCases(1, 1_000);
      const results = await Promise.all([
        sandbox.run(
          testRun(
            'python',
            'raise RuntimeError("broken at import 1234")\n\ndef f(x):\n    return x\n',
            tests,
          ),
        ),
        sandbox.run(
          testRun(
            'javascript',
            "throw new Error('broken at import 1234');\nfunction f(x) { return x; }",
            tests,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('runtime_error');
        expectNothingPassed(result);
        expect(result.tests[0]?.error).toMatch(/broken at import 1234/);
      }
    });

    it('only a real memory exhaustion is memory_limit: printing the words is not', async () => {
      const results = await Promise.all([
        sandbox.run(adhocRun('python', 'import sys\nprint("MemoryError", file=sys.stderr)\nprint("done")\n')),
        sandbox.run(
          adhocRun(
            'javascript',
            "console.error('FATAL ERROR: JavaScript heap out of memory'); console.log('done');",
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.stdout).toBe('done\n');
        expect(result.status, summarize(result)).toBe('ok');
      }
    });
  });

  describe('ad-hoc runs', () => {
    it('prints stdout and reads stdin (Python, JavaScript, TypeScript)', async () => {
      const stdin = '3\n10 20 30\nnaïve ✓\n';
      const results = await Promise.all([
        sandbox.run(
          adhocRun(
            'python',
            'import sys\nlines = sys.stdin.read().splitlines()\nprint(sum(map(int, lines[1].split())), lines[2])\nprint("to stderr", file=sys.stderr)\n',
            stdin,
          ),
        ),
        sandbox.run(
          adhocRun(
            'javascript',
            "const lines = require('node:fs').readFileSync(0, 'utf8').split('\\n');\nconsole.log(lines[1].split(' ').map(Number).reduce((a, b) => a + b, 0), lines[2]);\nconsole.error('to stderr');",
            stdin,
          ),
        ),
        sandbox.run(
          adhocRun(
            'typescript',
            "import { readFileSync } from 'node:fs';\nconst lines: string[] = readFileSync(0, 'utf8').split('\\n');\nconst total: number = lines[1].split(' ').map(Number).reduce((a, b) => a + b, 0);\nconsole.log(total, lines[2]);\nconsole.error('to stderr');",
            stdin,
          ),
        ),
      ]);
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.stdout).toBe('60 naïve ✓\n');
        expect(result.stderr).toBe('to stderr\n');
        expect(result.tests).toEqual([]);
      }
    });

    it('an ad-hoc crash is a runtime_error with the traceback on stderr; a syntax error a compile_error', async () => {
      const [crash, syntax] = await Promise.all([
        sandbox.run(adhocRun('python', 'print("before")\nraise KeyError("boom 99")\n')),
        sandbox.run(adhocRun('typescript', 'const x: number = ;\n')),
      ]);
      expect(crash.status, summarize(crash)).toBe('runtime_error');
      expect(crash.stdout).toBe('before\n');
      expect(crash.stderr).toMatch(/KeyError: 'boom 99'/);
      expect(syntax.status, summarize(syntax)).toBe('compile_error');
      expect(syntax.stderr).toMatch(/^main\.ts:1:\d+: /);
    });

    it('runs a Python file as __main__ with its own traceback, and reports a syntax error as compile_error', async () => {
      const [main, crash, syntax] = await Promise.all([
        sandbox.run(
          adhocRun(
            'python',
            'import sys\nif __name__ == "__main__":\n    print(sys.argv[0], input())\n',
            'hello\n',
          ),
        ),
        sandbox.run(adhocRun('python', 'def boom():\n    raise ValueError("x")\n\nboom()\n')),
        sandbox.run(adhocRun('python', 'x = = 1\n')),
      ]);
      expect(main.status, summarize(main)).toBe('ok');
      expect(main.stdout).toBe('main.py hello\n');
      expect(crash.status, summarize(crash)).toBe('runtime_error');
      expect(crash.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "main\.py", line 4/);
      expect(crash.stderr).not.toContain('launcher');
      expect(syntax.status, summarize(syntax)).toBe('compile_error');
      expect(syntax.stderr).toMatch(/File "main\.py", line 1[\s\S]*SyntaxError/);
    });

    it("shows what each test printed under the test's name", async () => {
      const result = await sandbox.run(
        testRun(
          'python',
          'def f(x):\n    print("looking at", x)\n    return x + 1\n',
          plusOneCases(2, 1_000),
        ),
      );
      expect(result.status, summarize(result)).toBe('ok');
      expect(result.stdout).toBe('--- case 0 ---\nlooking at 0\n\n--- case 1 ---\nlooking at 1\n');
    });
  });

  describe('load', () => {
    it('six runs started at once on a concurrency-2 sandbox all complete correctly', async () => {
      const languages: Language[] = [
        'python',
        'javascript',
        'typescript',
        'python',
        'javascript',
        'typescript',
      ];
      const started = languages.map((language, index) =>
        sandbox.run({
          ...testRun(language, twoSum[language], twoSumTests, { entryPoint: 'two_sum' }),
          runId: `00000000-0000-4000-8000-00000000000${index}`,
        }),
      );
      expect(sandbox.load().active).toBeLessThanOrEqual(2);
      const results = await Promise.all(started);
      expect(results.map((result) => result.runId)).toEqual(
        languages.map((_, index) => `00000000-0000-4000-8000-00000000000${index}`),
      );
      for (const result of results) {
        expect(result.status, summarize(result)).toBe('ok');
        expect(result.passed).toBe(twoSumTests.length);
      }
      expect(sandbox.load()).toEqual({ active: 0, waiting: 0, sessionSandboxes: 0 });
    });

    it('refuses a third simultaneous run with BUSY when concurrency is 1 and the queue holds 1', async () => {
      const small = await createSuiteSandbox({ concurrency: 1, queueLimit: 1 });
      try {
        const request = testRun(
          'python',
          'import time\n\ndef f(x):\n    time.sleep(0.3)\n    return x + 1\n',
          plusOneCases(1, 2_000),
        );
        const first = small.run(request);
        const second = small.run(request);
        const third = small.run(request).then(
          () => undefined,
          (error: unknown) => error,
        );
        const refusal = await third;
        expect(refusal).toBeInstanceOf(AppError);
        expect((refusal as AppError).code).toBe('BUSY');
        expect((refusal as AppError).retryAfterSeconds).toBeGreaterThan(0);
        const done = await Promise.all([first, second]);
        expect(done.map((result) => [result.status, result.passed])).toEqual([
          ['ok', 1],
          ['ok', 1],
        ]);
        // Once the line has drained, the sandbox takes work again.
        const after = await small.run(request);
        expect(after.status).toBe('ok');
      } finally {
        await small.close();
      }
    });
  });
});
