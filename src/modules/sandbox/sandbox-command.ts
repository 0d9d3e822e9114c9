/**
 * Builds the command line that runs a program inside the sandbox, for each driver. Pure: the
 * probe decides the driver, the process driver spawns what this returns.
 *
 *   [sh: join the run's cgroups] → [setpriv: drop root to the slot's uid] → prlimit → bwrap → program
 */
import type { RunLimits } from './limits.ts';

/** How candidate code is isolated, strongest first (SANDBOX.md "Driver chosen by a startup probe"). */
export type DriverKind = 'bwrap-userns' | 'bwrap-root' | 'unsafe';

/** Everything a command needs; paths are on the host unless they start with /sandbox. */
export interface SandboxCommandInput {
  driver: DriverKind;
  /** The server runs as root: drop to `uid` before anything else runs. */
  asRoot: boolean;
  /** Unprivileged uid/gid of this pool slot (per slot, so RLIMIT_NPROC is not shared). */
  uid: number;
  /** Holds the program and the harness (under .harness/); mounted read-only at /sandbox. */
  workDir: string;
  limits: RunLimits;
  /** CPU seconds for the whole process (the harness runs every test in one process). */
  cpuSeconds: number;
  /** cgroup.procs files the process joins before it drops privileges; empty without cgroups. */
  cgroupProcs: string[];
  /** Set RLIMIT_DATA as the memory limit (no cgroup memory controller available). */
  memoryByRlimit: boolean;
  /** The program and its arguments as seen inside the sandbox. */
  program: string[];
  /**
   * Run the program as the sandbox's pid 1 instead of under bwrap's own init: nothing inside can
   * signal it, and it must reap what it starts (the session zygote).
   */
  programIsInit?: boolean;
}

/** Joins the cgroups given before `--`, then execs the rest: no window where the run is outside them. */
const JOIN_CGROUPS = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';

/** Exit status of the cgroup-joining shell when it could not join: a sandbox failure, not the program's. */
export const CGROUP_JOIN_FAILED = 125;

function setprivDrop(uid: number): string[] {
  return [
    '/usr/bin/setpriv',
    `--reuid=${uid}`,
    `--regid=${uid}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
  ];
}

function prlimit(input: SandboxCommandInput): string[] {
  const { limits } = input;
  const args = [
    '/usr/bin/prlimit',
    `--cpu=${input.cpuSeconds}:${input.cpuSeconds + 1}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    `--stack=${64 * 1024 * 1024}`,
  ];
  // RLIMIT_NPROC counts every process of the real uid: only meaningful with a uid of our own.
  if (input.asRoot) args.push(`--nproc=${limits.processes}`);
  if (input.memoryByRlimit) args.push(`--data=${limits.memoryBytes}`);
  return [...args, '--'];
}

function bwrap(input: SandboxCommandInput): string[] {
  const userNamespace = input.driver === 'bwrap-userns';
  // biome-ignore format: each line is one flag with its values
  return [
    '/usr/bin/bwrap',
    ...(userNamespace
      ? ['--unshare-all', '--unshare-user', '--disable-userns', '--cap-drop', 'ALL', '--uid', '65534', '--gid', '65534']
      : ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try']),
    ...(input.programIsInit ? ['--as-pid-1'] : []),
    '--die-with-parent',
    '--new-session',
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--symlink', 'usr/bin', '/bin',
    '--symlink', 'usr/sbin', '/sbin',
    // Directories bwrap creates for mount points are private unless told otherwise.
    '--perms', '0755', '--dir', '/etc',
    '--perms', '0755', '--dir', '/etc/ssl',
    '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache',
    '--ro-bind-try', '/etc/ssl/openssl.cnf', '/etc/ssl/openssl.cnf',
    '--proc', '/proc',
    '--dev', '/dev',
    // /dev is an unbounded tmpfs: give /dev/shm (shared memory) a bounded one of its own. Sticky and
    // world-writable: under bwrap-root they belong to root and the dropped uid must still write there.
    '--perms', '1777', '--size', String(input.limits.tmpfsBytes), '--tmpfs', '/dev/shm',
    '--perms', '1777', '--size', String(input.limits.tmpfsBytes), '--tmpfs', '/tmp',
    '--ro-bind', input.workDir, '/sandbox',
    '--chdir', '/sandbox',
    '--remount-ro', '/',
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin',
    '--setenv', 'HOME', '/tmp',
    '--',
    // Without a user namespace bwrap runs the program as root inside: drop to the slot's uid there.
    ...(userNamespace ? [] : setprivDrop(input.uid)),
  ];
}

/** The full argv (program first) that runs `input.program` under `input.driver`. */
export function buildSandboxCommand(input: SandboxCommandInput): string[] {
  const joinCgroups =
    input.cgroupProcs.length > 0 ? ['/bin/sh', '-c', JOIN_CGROUPS, 'sh', ...input.cgroupProcs, '--'] : [];
  if (input.driver === 'unsafe') {
    return [
      ...joinCgroups,
      ...(input.asRoot ? setprivDrop(input.uid) : []),
      ...prlimit(input),
      ...input.program,
    ];
  }
  // With a user namespace, bwrap itself must run unprivileged: drop root before it starts.
  const dropBefore = input.asRoot && input.driver === 'bwrap-userns' ? setprivDrop(input.uid) : [];
  return [...joinCgroups, ...dropBefore, ...prlimit(input), ...bwrap(input), ...input.program];
}
