import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePidLock } from './pid-lock.ts';

const lockFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'ilm-lock-')), 'x.lock');
const inUseMessage = (pid: number) => `in use by ${pid}`;

describe('acquirePidLock', () => {
  it('writes our pid and removes the file on release', () => {
    const file = lockFile();
    const lock = acquirePidLock(file, { inUseMessage });
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    expect(lock.stalePid).toBeUndefined();
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses while a live process holds it', () => {
    const file = lockFile();
    writeFileSync(file, `${process.ppid}\n`);
    expect(() => acquirePidLock(file, { inUseMessage })).toThrow(`in use by ${process.ppid}`);
  });

  it('takes over a lock left by a dead process and reports it', () => {
    const file = lockFile();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    writeFileSync(file, `${dead}\n`);
    const lock = acquirePidLock(file, { inUseMessage });
    expect(lock.stalePid).toBe(Number(dead));
    lock.release();
  });
});
