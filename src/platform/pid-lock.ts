/**
 * A lock file holding the owner's pid, for embedded resources (PGlite files, the private Redis)
 * that only one process may own. A lock left by a dead process is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface PidLock {
  /** The pid of an earlier owner that died without releasing, if the lock was taken over. */
  stalePid: number | undefined;
  release(): void;
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock at `file` or throws an Error with `inUseMessage(ownerPid)`. */
export function acquirePidLock(file: string, options: { inUseMessage: (pid: number) => string }): PidLock {
  let stalePid: number | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return {
        stalePid,
        release() {
          if (readPid(file) === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readPid(file);
      if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) {
        throw new Error(options.inUseMessage(owner));
      }
      stalePid = owner;
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}; remove it if no InterviewLM process is running.`);
}
