import { readFileSync } from 'node:fs';
import { createSandbox } from './src/modules/sandbox/index.ts';
import { createLogger } from './src/platform/logger.ts';

const stat = () => readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 8).map(Number);
const sandbox = await createSandbox(
  {
    unsafeDev: false,
    python: '/usr/bin/python3',
    node: process.execPath,
    concurrency: 2,
    queueLimit: 10000,
    uidBase: 61000,
  },
  createLogger({ level: 'warn', name: 'x' }),
);
const req = {
  language: 'python' as const,
  kind: 'visible' as const,
  files: [{ path: 'solution.py', content: 'def f(x):\n    return x + 1\n' }],
  entryPoint: 'f',
  tests: [{ id: 't0', name: 'p', args: [41], expected: 42, hidden: false, weight: 1 }],
};
for (let i = 0; i < 10; i++) await sandbox.run(req);
await new Promise((r) => setTimeout(r, 2000));
const idle0 = stat();
await new Promise((r) => setTimeout(r, 5000));
const idle1 = stat();
const N = Number(process.env.N ?? 100);
const a = stat();
const t0 = Date.now();
for (let i = 0; i < N; i++) await sandbox.run(req); // one at a time, like ~8 runs/s spread out
await new Promise((r) => setTimeout(r, 3000));
const b = stat();
const wall = (Date.now() - t0) / 1000;
const busy = (x: number[], y: number[]) => {
  const d = y.map((v, i) => v - x[i]!);
  return { user: (d[0]! + d[1]!) / 100, sys: (d[2]! + d[5]! + d[6]!) / 100 };
};
const base = busy(idle0, idle1);
const run = busy(a, b);
const baseRate = { user: base.user / 5, sys: base.sys / 5 };
console.log(`idle machine: user ${baseRate.user.toFixed(3)} sys ${baseRate.sys.toFixed(3)} cores`);
console.log(
  `per run (minus idle): user ${(((run.user - baseRate.user * wall) / N) * 1000).toFixed(1)} ms, sys ${(((run.sys - baseRate.sys * wall) / N) * 1000).toFixed(1)} ms; wall ${((wall * 1000) / N).toFixed(1)} ms/run incl 3 s tail`,
);
await sandbox.close();
