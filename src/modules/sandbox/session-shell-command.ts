/**
 * The command lines of the session shell (session-shell.service.ts): the candidate's interactive
 * terminal and the assistant's one-shot `sh -c`, both inside the recipe candidate runs use
 * (buildSandboxCommand: cgroups → uid drop → prlimit → bwrap). Pure: paths, environment, limits
 * and input checks; the service spawns what this returns.
 *
 * bwrap mounts the host directory read-only at /sandbox and gives a private, size-bounded tmpfs at
 * /tmp. The session's files are copied from /sandbox/files into /tmp/workspace when the sandbox
 * starts, so the writable copy lives only in the sandbox's tmpfs: it cannot fill the host's disk,
 * and the host never has to read anything the candidate wrote.
 */
import path from 'node:path';
import { ValidationError } from '../../platform/errors.ts';
import { defaultLimits, type RunLimits } from './limits.ts';
import { buildSandboxCommand, type DriverKind } from './sandbox-command.ts';

/** A file of the session's workspace, as the workspace stores it. */
export interface ShellFile {
  path: string;
  content: string;
}

/** Resource limits of one terminal or one command (the whole sandbox, or per process without cgroups). */
export interface ShellLimits {
  memoryBytes: number;
  processes: number;
  openFiles: number;
  fileSizeBytes: number;
  /** Size of /tmp, which holds the working copy of the files (and of /dev/shm). */
  workspaceBytes: number;
  /** CPU seconds any one process of a terminal may use (commands get their timeout). */
  terminalCpuSeconds: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Defaults: Node must be able to start (512 MB, threads count as processes). */
export const defaultShellLimits: ShellLimits = {
  memoryBytes: 512 * MiB,
  processes: 128,
  openFiles: 256,
  fileSizeBytes: 16 * MiB,
  workspaceBytes: 64 * MiB,
  terminalCpuSeconds: 600,
};

/** Bounds of the per-call options of runShellCommand and openTerminal. */
export const shellBounds = {
  commandTimeoutMs: { default: 10_000, min: 100, max: 30_000 },
  outputLimitBytes: { default: 64 * KiB, min: 1 * KiB, max: 1 * MiB },
  idleTimeoutMs: { default: 10 * 60_000, min: 100, max: 60 * 60_000 },
  maxSessionMs: { default: 2 * 60 * 60_000, min: 100, max: 8 * 60 * 60_000 },
  cols: { default: 80, min: 2, max: 1_000 },
  rows: { default: 24, min: 2, max: 500 },
  commandBytes: 64 * KiB,
  stdinBytes: 1 * MiB,
} as const;

/** `value` (or the default) within [min, max]; a non-finite value counts as absent. */
export function clampOption(
  value: number | undefined,
  bounds: { default: number; min: number; max: number },
): number {
  if (value === undefined || !Number.isFinite(value)) return bounds.default;
  return Math.min(Math.max(Math.round(value), bounds.min), bounds.max);
}

/**
 * Checks the files before anything is written on the host: each path stays inside the working
 * copy, and the copy fits the sandbox's /tmp with room to spare for the candidate's own writes.
 */
export function checkShellFiles(files: ShellFile[], limits: ShellLimits): ShellFile[] {
  let bytes = 0;
  const seen = new Set<string>();
  const checked = files.map((file, index) => {
    const field = `files[${index}].path`;
    const normalized = path.posix.normalize(file.path);
    if (
      file.path === '' ||
      file.path.includes('\0') ||
      path.posix.isAbsolute(file.path) ||
      normalized === '.' ||
      normalized === '..' ||
      normalized.startsWith('../') ||
      normalized.endsWith('/')
    ) {
      throw new ValidationError(`file path ${JSON.stringify(file.path)} is not a relative file path`, [
        { path: field, message: 'must be a relative path to a file inside the workspace' },
      ]);
    }
    if (seen.has(normalized)) {
      throw new ValidationError(`file path ${JSON.stringify(file.path)} appears twice`, [
        { path: field, message: 'duplicate path' },
      ]);
    }
    seen.add(normalized);
    // tmpfs rounds every file up to a page.
    bytes += Buffer.byteLength(file.content, 'utf8') + 4 * KiB;
    return { path: normalized, content: file.content };
  });
  if (bytes > limits.workspaceBytes / 2) {
    throw new ValidationError(
      `the workspace files take ${bytes} bytes; the shell's working copy holds at most ${limits.workspaceBytes / 2}`,
      [{ path: 'files', message: 'too large for the shell' }],
    );
  }
  return checked;
}

/** Refuses a command or stdin the sandbox cannot take (NUL bytes, sizes past the bounds). */
export function checkShellCommand(command: string, stdin: string): void {
  if (command.trim() === '' || command.includes('\0')) {
    throw new ValidationError('the command must be a non-empty string without NUL bytes', [
      { path: 'command', message: 'empty or contains NUL' },
    ]);
  }
  if (Buffer.byteLength(command, 'utf8') > shellBounds.commandBytes) {
    throw new ValidationError(`the command is longer than ${shellBounds.commandBytes} bytes`, [
      { path: 'command', message: 'too long' },
    ]);
  }
  if (Buffer.byteLength(stdin, 'utf8') > shellBounds.stdinBytes) {
    throw new ValidationError(`stdin is larger than ${shellBounds.stdinBytes} bytes`, [
      { path: 'stdin', message: 'too large' },
    ]);
  }
}

/** Where things are, as the sandboxed shell sees them. */
export interface ShellPaths {
  /** Read-only source of the working copy. */
  seedFiles: string;
  relay: string;
  /** The writable working copy: the shell's current directory. */
  workDir: string;
  home: string;
}

/** Host layout under the session's temp directory: bwrap mounts `seed` at /sandbox; `home` is for the unsafe driver only. */
export const hostLayout = { seed: 'seed', files: 'seed/files', relay: 'seed/shell_relay.py', home: 'home' };

/** The paths inside the sandbox, or on the host itself for the unsafe driver (which has no mounts). */
export function shellPaths(driver: DriverKind, hostRoot: string): ShellPaths {
  if (driver === 'unsafe') {
    return {
      seedFiles: path.join(hostRoot, hostLayout.files),
      relay: path.join(hostRoot, hostLayout.relay),
      workDir: path.join(hostRoot, hostLayout.home, 'workspace'),
      home: path.join(hostRoot, hostLayout.home),
    };
  }
  return {
    seedFiles: '/sandbox/files',
    relay: '/sandbox/shell_relay.py',
    workDir: '/tmp/workspace',
    home: '/tmp',
  };
}

/** What the boot script prints on stderr when it cannot set up the working copy (a sandbox failure). */
export const BOOT_FAILED = 'ilm-shell: could not prepare the working copy';

/**
 * Copies the files into the working copy (which must not exist yet: `cp -R` creates it, one
 * process fewer than mkdir + cp), enters it and execs the rest of the arguments.
 * $1: source, $2: working copy.
 */
const BOOT = `cp -R "$1" "$2" && cd "$2" || { echo "${BOOT_FAILED}" >&2; exit 125; }; shift 2; exec "$@"`;

/** What the relay writes once it is ready, before any shell output (stripped by the service). */
export const TERMINAL_READY_MARKER = '\u001b]ilm-shell-ready\u0007';

/** What to run: the interactive shell behind the relay, or one `sh -c`. */
export type ShellMode =
  | { kind: 'terminal'; python: string; shell: string }
  | { kind: 'command'; command: string; timeoutMs: number };

/** Everything a session shell command line needs. */
export interface ShellCommandInput {
  driver: DriverKind;
  asRoot: boolean;
  uid: number;
  /** The session's temp directory on the host (hostLayout). */
  hostRoot: string;
  limits: ShellLimits;
  cgroupProcs: string[];
  memoryByRlimit: boolean;
  /** Directories of the interpreters, put first on PATH. */
  binDirs: string[];
  mode: ShellMode;
}

/** The sandbox limits a shell runs under, in the sandbox's own terms. */
export function shellRunLimits(limits: ShellLimits): RunLimits {
  return {
    ...defaultLimits('javascript'),
    memoryBytes: limits.memoryBytes,
    processes: limits.processes,
    openFiles: limits.openFiles,
    fileSizeBytes: limits.fileSizeBytes,
    tmpfsBytes: limits.workspaceBytes,
  };
}

/** The full argv (program first) of a terminal or a command under `input.driver`. */
export function buildShellCommand(input: ShellCommandInput): string[] {
  const paths = shellPaths(input.driver, input.hostRoot);
  const binPath = [...new Set([...input.binDirs, '/usr/local/bin', '/usr/bin', '/bin'])].join(':');
  const environment = [`PATH=${binPath}`, `HOME=${paths.home}`, 'LANG=C.UTF-8'];
  let tail: string[];
  let cpuSeconds: number;
  if (input.mode.kind === 'terminal') {
    environment.push('TERM=xterm-256color', `SHELL=${input.mode.shell}`, 'PS1=\\W \\$ ');
    const interactive = input.mode.shell.endsWith('/bash')
      ? [input.mode.shell, '--noprofile', '--norc', '-i']
      : [input.mode.shell, '-i'];
    tail = [input.mode.python, '-I', '-S', '-B', paths.relay, TERMINAL_READY_MARKER, ...interactive];
    cpuSeconds = input.limits.terminalCpuSeconds;
  } else {
    // A backstop inside the sandbox: the command ends even if the server dies and its timer with it.
    const backstopSeconds = Math.ceil(input.mode.timeoutMs / 1000) + 2;
    tail = ['/usr/bin/timeout', '-s', 'KILL', String(backstopSeconds), '/bin/sh', '-c', input.mode.command];
    cpuSeconds = Math.ceil(input.mode.timeoutMs / 1000) + 1;
  }
  const argv = buildSandboxCommand({
    driver: input.driver,
    asRoot: input.asRoot,
    uid: input.uid,
    workDir: path.join(input.hostRoot, hostLayout.seed),
    limits: shellRunLimits(input.limits),
    cpuSeconds,
    cgroupProcs: input.cgroupProcs,
    memoryByRlimit: input.memoryByRlimit,
    program: [
      // bwrap already clears the environment; `env -i` also covers the unsafe driver, which has no bwrap.
      '/usr/bin/env',
      '-i',
      ...environment,
      // The shell is interactive work, not grading: let test runs and the API go first.
      '/usr/bin/nice',
      '-n',
      '10',
      '/bin/sh',
      '-c',
      BOOT,
      'boot',
      paths.seedFiles,
      paths.workDir,
      ...tail,
    ],
  });
  return argv;
}
