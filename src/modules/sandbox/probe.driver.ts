/**
 * Decides at start-up how candidate code will be isolated, by trying each driver for real:
 * bwrap with a user namespace → bwrap as root without one → (development only) no isolation.
 * The answer is logged and shown in /api/health.
 */
import { accessSync, chmodSync, constants, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CgroupManager, openCgroupManager } from './cgroup.driver.ts';
import { defaultLimits } from './limits.ts';
import { runProcess } from './process.driver.ts';
import type { Language } from './sandbox.schema.ts';
import { buildSandboxCommand, type DriverKind } from './sandbox-command.ts';

/** The outcome of the probe. */
export interface SandboxEnvironment {
  driver: DriverKind | 'none';
  asRoot: boolean;
  /** Why the stronger drivers were not chosen (for the log and the health report). */
  notes: string[];
  cgroups: CgroupManager | undefined;
  /** Interpreter path per language runnable inside the sandbox. */
  runtimes: Partial<Record<Language, string>>;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function works(
  driver: DriverKind,
  asRoot: boolean,
  uid: number,
  program: string[],
): Promise<string | undefined> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'ilm-probe-'));
  try {
    chmodSync(workDir, 0o755);
    const argv = buildSandboxCommand({
      driver,
      asRoot,
      uid,
      workDir,
      limits: defaultLimits('javascript'),
      cpuSeconds: 5,
      cgroupProcs: [],
      memoryByRlimit: false,
      program,
    });
    const run = await runProcess({
      argv,
      stdin: '',
      wallMs: 10_000,
      outputBytes: 4096,
      killGroup: driver === 'unsafe',
      cwd: workDir,
    });
    if (run.spawnError) return run.spawnError;
    if (run.exitCode !== 0) return (run.stderr.trim() || `exit ${run.exitCode ?? run.signal}`).slice(0, 300);
    return undefined;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Probes the machine and returns the strongest working sandbox environment. */
export async function probeSandbox(options: {
  unsafeDev: boolean;
  python: string;
  node: string;
  uidBase: number;
}): Promise<SandboxEnvironment> {
  const asRoot = process.getuid?.() === 0;
  const notes: string[] = [];
  const runtimes: Partial<Record<Language, string>> = {};
  const node = realpathSync(options.node);
  for (const [language, binary] of [
    ['python', options.python],
    ['javascript', node],
    ['typescript', node],
  ] as const) {
    // Only /usr is mounted in the sandbox: an interpreter elsewhere (pyenv, nvm) cannot run there.
    if (!binary.startsWith('/usr/'))
      notes.push(`${language}: ${binary} is outside /usr, so it cannot run in the sandbox`);
    else if (!executable(binary)) notes.push(`${language}: ${binary} is not executable`);
    else runtimes[language] = binary;
  }

  let driver: SandboxEnvironment['driver'] = 'none';
  if (!executable('/usr/bin/bwrap')) {
    notes.push('bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)');
  } else {
    for (const candidate of ['bwrap-userns', 'bwrap-root'] as const) {
      if (candidate === 'bwrap-root' && !asRoot) continue;
      const problem = await works(candidate, asRoot, options.uidBase, ['/usr/bin/true']);
      if (!problem) {
        driver = candidate;
        break;
      }
      notes.push(`${candidate}: ${problem}`);
    }
  }
  if (driver === 'none' && options.unsafeDev) {
    driver = 'unsafe';
    notes.push(
      'SANDBOX_UNSAFE_DEV=1: candidate code runs WITHOUT isolation; never use this with real candidates',
    );
  }

  const cgroups = openCgroupManager();
  let manager: CgroupManager | undefined;
  if ('unavailable' in cgroups)
    notes.push(`${cgroups.unavailable}; limits rely on rlimits and the wall timer`);
  else manager = cgroups;
  return { driver, asRoot, notes, cgroups: manager, runtimes };
}
