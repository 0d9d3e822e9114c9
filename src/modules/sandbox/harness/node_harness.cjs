'use strict';
// InterviewLM test harness for JavaScript/TypeScript (already transpiled to CommonJS). Runs INSIDE
// the sandbox, next to untrusted code, so it is not trusted: it only reports what the candidate's
// function returned; the server compares. Protocol: see python_harness.py (same stdin and fd 3).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const CAPTURE_LIMIT = 8192;
const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
// A pre-started sandbox receives the program with its input and writes it to its own tmpfs.
if (spec.programDir) {
  for (const entry of spec.files ?? []) {
    const target = path.join(spec.programDir, entry.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, entry.content);
  }
  process.chdir(spec.programDir);
}
// fd 3 is a socket (it cannot be reopened through /proc). What keeps a report honest is that the
// expected values never enter the sandbox: a forged line can only claim a value the program could
// have returned itself. The nonce (kept out of reach in this closure) and the references taken
// before the program loads stop programs that rewrite JSON.stringify or fs.writeSync by accident
// or on purpose from garbling the reports.
const emit = (() => {
  const nonce = spec.nonce;
  delete spec.nonce;
  const stringify = JSON.stringify;
  const writeSync = fs.writeSync;
  const toBuffer = Buffer.from;
  return (event) => {
    event.nonce = nonce;
    const data = toBuffer(`${stringify(event)}\n`);
    let offset = 0;
    while (offset < data.length) offset += writeSync(3, data, offset);
  };
})();

function capture() {
  const parts = [];
  let size = 0;
  let truncated = false;
  const write = (chunk) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const room = CAPTURE_LIMIT - size;
    if (room > 0) {
      parts.push(text.slice(0, room));
      size += Math.min(text.length, room);
    }
    if (text.length > room) truncated = true;
    return true;
  };
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    log: console.log,
    error: console.error,
    warn: console.warn,
    info: console.info,
    debug: console.debug,
  };
  process.stdout.write = write;
  process.stderr.write = write;
  const line = (...args) =>
    write(`${args.map((a) => (typeof a === 'string' ? a : require('node:util').inspect(a))).join(' ')}\n`);
  console.log = console.error = console.warn = console.info = console.debug = line;
  return {
    stop() {
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
      Object.assign(console, {
        log: saved.log,
        error: saved.error,
        warn: saved.warn,
        info: saved.info,
        debug: saved.debug,
      });
      return parts.join('') + (truncated ? '\n[output truncated]' : '');
    },
  };
}

/** Only plain JSON may count as an answer: NaN, Maps, class instances would compare wrongly. */
function jsonProblem(value, depth = 0) {
  if (depth > 200) return 'it is nested too deeply';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `it contains ${value}`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return `it is a ${value.constructor?.name ?? 'non-plain'} object`;
    for (const key of Object.keys(value)) {
      const problem = jsonProblem(value[key], depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  return `it is a ${typeof value}`;
}

function describeError(error) {
  if (error && typeof error === 'object' && 'stack' in error && typeof error.stack === 'string') {
    return error.stack
      .split('\n')
      .filter(
        (line) =>
          !line.includes('node_harness.cjs') && !line.includes('node:internal') && !line.includes('node:vm'),
      )
      .slice(0, 12)
      .join('\n')
      .slice(0, 4000);
  }
  return String(error).slice(0, 4000);
}

function isTimeout(error) {
  return Boolean(error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT');
}

async function callWithTimeout(fn, args, timeoutMs) {
  // The vm watchdog interrupts synchronous loops; a timer bounds asynchronous work.
  const result = vm.runInNewContext('fn.apply(null, args)', { fn, args }, { timeout: timeoutMs });
  if (!result || typeof result.then !== 'function') return result;
  let timer;
  try {
    return await Promise.race([
      result,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('timeout'), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' })),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function load() {
  const file = path.resolve(spec.mainFile);
  const source = fs.readFileSync(file, 'utf8');
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${source}\n;return typeof ${spec.entryPoint} === 'function' ? ${spec.entryPoint} : undefined;\n})`,
    { filename: file, timeout: spec.loadTimeoutMs },
  );
  const module = { exports: {} };
  // The module's top level runs under the load budget too (the watchdog only covers code started
  // by a vm call, so the call itself goes through one).
  const declared = vm.runInNewContext(
    'run()',
    {
      run: () =>
        wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file)),
    },
    { timeout: spec.loadTimeoutMs },
  );
  if (typeof declared === 'function') return declared;
  const exported = module.exports;
  if (exported && typeof exported[spec.entryPoint] === 'function') return exported[spec.entryPoint];
  if (typeof exported === 'function') return exported;
  return undefined;
}

async function main() {
  let entry;
  const loading = capture();
  const loadStarted = performance.now();
  try {
    entry = load();
  } catch (error) {
    const stdout = loading.stop();
    const status = isTimeout(error)
      ? 'timeout'
      : error instanceof SyntaxError
        ? 'compile_error'
        : 'load_error';
    emit({ i: -1, status, error: describeError(error), stdout, durationMs: performance.now() - loadStarted });
    return;
  }
  const loadOutput = loading.stop();
  if (typeof entry !== 'function') {
    emit({
      i: -1,
      status: 'load_error',
      error: `no function named ${spec.entryPoint} was found`,
      stdout: loadOutput,
      durationMs: 0,
    });
    return;
  }
  for (const test of spec.tests) {
    const output = capture();
    const event = { i: test.i };
    const started = performance.now();
    try {
      const value = await callWithTimeout(entry, test.args, test.timeoutMs);
      const normalized = value === undefined ? null : value;
      const problem = jsonProblem(normalized);
      if (problem)
        Object.assign(event, {
          status: 'error',
          error: `the returned value cannot be compared as JSON: ${problem}`,
        });
      else Object.assign(event, { status: 'ok', value: normalized });
    } catch (error) {
      if (isTimeout(error))
        Object.assign(event, { status: 'timeout', error: `time limit exceeded (${test.timeoutMs} ms)` });
      else Object.assign(event, { status: 'error', error: describeError(error) });
    }
    event.durationMs = performance.now() - started;
    event.stdout = output.stop();
    emit(event);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`harness failure: ${describeError(error)}\n`);
    process.exit(70);
  },
);
