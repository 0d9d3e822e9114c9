/** Helpers of the fault tests: real worker processes that can be killed, and polling. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../support/wait.ts';

export { waitFor };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts test/faults/fixtures/`fixture`.ts and resolves once it printed "ready". */
export async function startFixture(
  fixture: 'fault-worker' | 'fault-platform',
  env: Record<string, string>,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/faults/fixtures/${fixture}.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitFor(
    async () => (/^ready$/m.test(output) ? true : undefined),
    'the worker process to start',
    20_000,
    () => output,
  );
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Starts the bare worker fixture (fault-worker.ts). */
export const startFaultWorker = (env: Record<string, string>) => startFixture('fault-worker', env);
