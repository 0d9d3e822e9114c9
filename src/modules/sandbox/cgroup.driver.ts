/**
 * Per-run cgroups: memory, process count and one core of CPU for everything a run starts, which
 * rlimits alone cannot bound (a fork bomb spreads CPU over many processes). Works with cgroup v2
 * (a delegated subtree) and v1 (memory, pids and cpu hierarchies); when neither can be written,
 * runs rely on rlimits and the wall timer, and the health report says so.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One run's cgroup(s). */
export interface RunCgroup {
  /** cgroup.procs files the run's first process writes its pid into. */
  procsFiles: string[];
  /**
   * How often the memory limit was hit in this cgroup so far (OOM kills; on v1 also allocation
   * failures): a run that raised it hit its memory limit. A count, so a cgroup can outlive runs.
   */
  oomEvents(): number;
  /** Kills what is left inside and removes the cgroup. */
  destroy(): void;
}

/** Creates cgroups for runs, or reports why it cannot. */
export interface CgroupManager {
  version: 'v1' | 'v2';
  create(name: string, limits: { memoryBytes: number; processes: number }): RunCgroup;
}

const root = '/sys/fs/cgroup';

function write(file: string, value: string): void {
  writeFileSync(file, value);
}

function readCounter(file: string, key: string): number {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith(`${key} `));
    return line ? Number(line.split(' ')[1]) : 0;
  } catch {
    return 0;
  }
}

function readNumber(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function killAll(procsFile: string): void {
  try {
    for (const pid of readFileSync(procsFile, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // cgroup already gone
  }
}

function removeWhenEmpty(directory: string): void {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      rmdirSync(directory);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // EBUSY while killed processes are still being reaped: spin briefly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

/** Our own cgroup path in `controller` (v1) or in the unified hierarchy (controller ''). */
function ownCgroupPath(controller: string): string | undefined {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  for (const line of lines) {
    const [, controllers, cgroupPath] = line.split(':');
    if (controllers === undefined || cgroupPath === undefined) continue;
    if (controller === '' ? controllers === '' : controllers.split(',').includes(controller))
      return cgroupPath;
  }
  return undefined;
}

function v1Manager(): CgroupManager {
  const base = (controller: string) => {
    const own = ownCgroupPath(controller);
    if (own === undefined) throw new Error(`no ${controller} cgroup`);
    const directory = path.join(root, controller, own, 'interviewlm-sandbox');
    mkdirSync(directory, { recursive: true });
    return directory;
  };
  const memoryBase = base('memory');
  const pidsBase = base('pids');
  const cpuBase = base('cpu');
  return {
    version: 'v1',
    create(name, limits) {
      const memory = path.join(memoryBase, name);
      const pids = path.join(pidsBase, name);
      const cpu = path.join(cpuBase, name);
      for (const directory of [memory, pids, cpu]) mkdirSync(directory);
      const oomEvents = () =>
        readCounter(path.join(memory, 'memory.oom_control'), 'oom_kill') +
        readNumber(path.join(memory, 'memory.failcnt'));
      write(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      if (existsSync(path.join(memory, 'memory.memsw.limit_in_bytes'))) {
        write(path.join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
      }
      write(path.join(pids, 'pids.max'), String(limits.processes));
      write(path.join(cpu, 'cpu.cfs_period_us'), '100000');
      write(path.join(cpu, 'cpu.cfs_quota_us'), '100000');
      return {
        procsFiles: [memory, pids, cpu].map((directory) => path.join(directory, 'cgroup.procs')),
        oomEvents,
        destroy() {
          for (const directory of [pids, memory, cpu]) {
            killAll(path.join(directory, 'cgroup.procs'));
            removeWhenEmpty(directory);
          }
        },
      };
    },
  };
}

function v2Manager(): CgroupManager {
  const own = ownCgroupPath('');
  if (own === undefined) throw new Error('no unified cgroup');
  // Processes may only live in leaves: our own cgroup must be a delegated, writable subtree.
  const base = path.join(root, own, 'interviewlm-sandbox');
  mkdirSync(base, { recursive: true });
  write(path.join(root, own, 'cgroup.subtree_control'), '+memory +pids +cpu');
  write(path.join(base, 'cgroup.subtree_control'), '+memory +pids +cpu');
  return {
    version: 'v2',
    create(name, limits) {
      const directory = path.join(base, name);
      mkdirSync(directory);
      write(path.join(directory, 'memory.max'), String(limits.memoryBytes));
      if (existsSync(path.join(directory, 'memory.swap.max')))
        write(path.join(directory, 'memory.swap.max'), '0');
      write(path.join(directory, 'pids.max'), String(limits.processes));
      write(path.join(directory, 'cpu.max'), '100000 100000');
      return {
        procsFiles: [path.join(directory, 'cgroup.procs')],
        oomEvents: () => readCounter(path.join(directory, 'memory.events'), 'oom_kill'),
        destroy() {
          if (existsSync(path.join(directory, 'cgroup.kill'))) {
            try {
              write(path.join(directory, 'cgroup.kill'), '1');
            } catch {
              killAll(path.join(directory, 'cgroup.procs'));
            }
          } else {
            killAll(path.join(directory, 'cgroup.procs'));
          }
          removeWhenEmpty(directory);
        },
      };
    },
  };
}

/** A cgroup manager for this machine, or the reason there is none. */
export function openCgroupManager(): CgroupManager | { unavailable: string } {
  const errors: string[] = [];
  const unified = existsSync(path.join(root, 'cgroup.controllers'));
  for (const attempt of unified ? [v2Manager, v1Manager] : [v1Manager, v2Manager]) {
    try {
      const manager = attempt();
      // Prove it works end to end before any run depends on it.
      const trial = manager.create(`probe-${process.pid}`, { memoryBytes: 64 * 1024 * 1024, processes: 8 });
      trial.destroy();
      return manager;
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { unavailable: `cgroups not writable (${errors.join('; ')})` };
}
