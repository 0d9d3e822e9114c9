/**
 * The session shell: the candidate's browser terminal (a pseudo-terminal, interactive) and the
 * assistant's "run a command" tool (one-shot `sh -c`). Both run inside the same sandbox as
 * candidate code (the probed driver, cgroups when available, a uid of their own for the process
 * limit), with no network, a read-only system, a private /tmp, and a writable working copy of the
 * session's files.
 *
 * The working copy is never synced back to the workspace. The workspace is the session's source
 * of truth and every change to it must be recorded as an event (who changed what, when), which
 * only the editor and the API do; a terminal writing files behind their back would change the
 * code under review without a trace. The copy also lets the host never read anything the
 * sandbox wrote (SANDBOX.md "Files").
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IPty } from 'node-pty';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RunCgroup } from './cgroup.driver.ts';
import type { SandboxEnvironment } from './probe.driver.ts';
import { CGROUP_JOIN_FAILED, type DriverKind } from './sandbox-command.ts';
import {
  type CommandRun,
  killShellLeftovers,
  runCommandProcess,
  spawnTerminalProcess,
} from './session-shell.driver.ts';
import {
  BOOT_FAILED,
  buildShellCommand,
  checkShellCommand,
  checkShellFiles,
  clampOption,
  defaultShellLimits,
  hostLayout,
  type ShellFile,
  type ShellLimits,
  type ShellMode,
  shellBounds,
  TERMINAL_READY_MARKER,
} from './session-shell-command.ts';

/** Settings of the session shell (from config, through the composition root). */
export interface SessionShellSettings {
  /**
   * First uid of the shell's own range [uidBase, uidBase + maxTerminals + maxCommands): one uid per
   * live shell, so RLIMIT_NPROC is never shared. Must not overlap the sandbox's slot uids.
   */
  uidBase: number;
  /** Terminals open at once in this process (default 32); one more is refused with BUSY. */
  maxTerminals?: number;
  /** One-shot commands running at once in this process (default 8); one more is refused with BUSY. */
  maxCommands?: number;
  /** Overrides of defaultShellLimits. */
  limits?: Partial<ShellLimits>;
}

/** Options of one terminal. */
export interface OpenTerminalOptions {
  files: ShellFile[];
  cols?: number;
  rows?: number;
  /** No input for this long ends the terminal (default 10 min, at most 1 h). */
  idleTimeoutMs?: number;
  /** The terminal ends this long after it opened, whatever happens (default 2 h, at most 8 h). */
  maxSessionMs?: number;
}

/** Why a terminal ended. */
export type TerminalExitReason = 'exited' | 'idle_timeout' | 'max_duration' | 'closed';

/** How a terminal ended; exitCode is null when it was killed. */
export interface TerminalExit {
  exitCode: number | null;
  reason: TerminalExitReason;
}

/** An open terminal. Output produced before the first onData subscriber is kept for it. */
export interface TerminalHandle {
  /** Host pid of the terminal's first process (bwrap); for diagnostics. */
  readonly pid: number;
  onData(callback: (chunk: string) => void): void;
  /** Called once; at once if the terminal has already ended. */
  onExit(callback: (info: TerminalExit) => void): void;
  /** Sends keyboard input (counts as activity for the idle timeout). */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Kills every process of the terminal and removes its files; onExit reports `closed`. */
  close(): void;
}

/** Options of one command. */
export interface ShellCommandOptions {
  files: ShellFile[];
  command: string;
  /** Default 10 s, at most 30 s. */
  timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each (default 64 KiB, at most 1 MiB). */
  outputLimitBytes?: number;
  stdin?: string;
}

/** What a command did. Output past the limit keeps its start and end (truncated: true). */
export interface ShellCommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
}

/** What the health report and the logs say about the session shell. */
export interface SessionShellInfo {
  driver: SandboxEnvironment['driver'];
  isolated: boolean;
  cgroups: 'v1' | 'v2' | 'none';
  /** The interactive shell inside the sandbox. */
  shell: string;
  /** False when the terminal cannot run (its relay needs Python inside the sandbox). */
  terminal: boolean;
}

/** Terminals and commands for interview sessions. */
export interface SessionShell {
  info: SessionShellInfo;
  /** Opens a terminal; resolves once the shell is up. Throws BUSY, UNAVAILABLE or VALIDATION_FAILED. */
  openTerminal(options: OpenTerminalOptions): Promise<TerminalHandle>;
  /** Runs one command in a fresh sandbox. Throws BUSY, UNAVAILABLE or VALIDATION_FAILED. */
  runShellCommand(options: ShellCommandOptions): Promise<ShellCommandResult>;
  /** Terminals open and commands running now. */
  load(): { terminals: number; commands: number };
  /** Ends every terminal and command; later calls are refused. */
  close(): Promise<void>;
}

const relaySource = readFileSync(new URL('./harness/shell_relay.py', import.meta.url), 'utf8');

/** How long a terminal may take to show its shell before the start counts as failed. */
const START_TIMEOUT_MS = 10_000;
/** How long to wait for a killed terminal to report its exit before cleaning up anyway. */
const EXIT_GRACE_MS = 3_000;
/** Output kept for a terminal nobody listens to yet. */
const EARLY_OUTPUT_CHARS = 256 * 1024;
/** Output a command may produce in all before it is killed (reading it costs the event loop). */
const FLOOD_LIMIT_BYTES = 8 * 1024 * 1024;

/** A pool of uids; refuses with BUSY when all are in use. */
function createUidPool(first: number, size: number, what: string) {
  const free = Array.from({ length: size }, (_, index) => first + index);
  return {
    acquire(): number {
      const uid = free.shift();
      if (uid === undefined) {
        throw new AppError('BUSY', `Too many ${what} are running on this server; retry in a few seconds`, {
          retryAfterSeconds: 5,
        });
      }
      return uid;
    },
    release(uid: number): void {
      free.push(uid);
    },
    inUse: () => size - free.length,
  };
}

/** A sandbox failure (not the command's doing): spawn error, bwrap refusing, cgroup not joined. */
function sandboxFailure(run: CommandRun): string | undefined {
  if (run.spawnError) return run.spawnError;
  if (run.exitCode === 1 && run.stdout === '' && /^bwrap: /.test(run.stderr)) return run.stderr.trim();
  if (run.exitCode === CGROUP_JOIN_FAILED && run.stdout === '' && run.stderr.includes('cgroup.procs'))
    return 'could not place the command in its cgroup';
  if (run.exitCode === CGROUP_JOIN_FAILED && run.stdout === '' && run.stderr.includes(BOOT_FAILED))
    return run.stderr.trim();
  return undefined;
}

/** Creates the session shell on the sandbox environment the probe found (see probeSandbox). */
export function createSessionShell(options: {
  environment: SandboxEnvironment;
  settings: SessionShellSettings;
  logger: Logger;
}): SessionShell {
  const { environment: env, settings } = options;
  // Unisolated shells are cleaned up by killing every process of their uid: never a real account's.
  if (!Number.isInteger(settings.uidBase) || settings.uidBase < 10_000) {
    throw new Error(`session shell uidBase must be an integer of at least 10000, not ${settings.uidBase}`);
  }
  const log = options.logger.child({ component: 'session-shell' });
  const limits: ShellLimits = { ...defaultShellLimits, ...settings.limits };
  const maxTerminals = settings.maxTerminals ?? 32;
  const maxCommands = settings.maxCommands ?? 8;
  const terminalUids = createUidPool(settings.uidBase, maxTerminals, 'terminals');
  const commandUids = createUidPool(settings.uidBase + maxTerminals, maxCommands, 'shell commands');
  const driver: DriverKind | undefined = env.driver === 'none' ? undefined : env.driver;
  // Only /usr is mounted inside the sandbox, so the shell must come from there.
  const shell = existsSync('/usr/bin/bash') ? '/bin/bash' : '/bin/sh';
  const python = env.runtimes.python;
  const binDirs = [...new Set(Object.values(env.runtimes).map((binary) => path.dirname(binary)))];
  const info: SessionShellInfo = {
    driver: env.driver,
    isolated: driver === 'bwrap-userns' || driver === 'bwrap-root',
    cgroups: env.cgroups?.version ?? 'none',
    shell,
    terminal: driver !== undefined && python !== undefined,
  };
  if (driver === 'unsafe') log.warn(info, 'session shells run WITHOUT isolation (SANDBOX_UNSAFE_DEV)');
  else if (driver) log.info(info, `session shell ready: ${driver}`);

  let closed = false;
  const endAll = new Set<() => Promise<void>>();

  function ensureAvailable(what: string): DriverKind {
    if (!driver) {
      throw new AppError(
        'UNAVAILABLE',
        `The ${what} is unavailable on this server: no sandbox could be set up`,
        {
          retryAfterSeconds: 60,
        },
      );
    }
    if (closed) throw new AppError('UNAVAILABLE', `The ${what} is shutting down; try again shortly`);
    return driver;
  }

  /** The host side of one shell: its temp directory (the seed bwrap mounts) and its cgroup. */
  function prepareSession(kind: 'terminal' | 'command', files: ShellFile[], uid: number, mode: ShellMode) {
    const kindDriver = ensureAvailable(kind);
    const root = mkdtempSync(path.join(tmpdir(), `ilm-shell-${kind}-`));
    let cgroup: RunCgroup | undefined;
    try {
      // The dropped uid (and bwrap running as it) must traverse the directory and read the seed.
      chmodSync(root, 0o755);
      for (const file of files) {
        const target = path.join(root, hostLayout.files, file.path);
        mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
        writeFileSync(target, file.content, { mode: 0o644 });
      }
      mkdirSync(path.join(root, hostLayout.files), { recursive: true, mode: 0o755 });
      writeFileSync(path.join(root, hostLayout.relay), relaySource, { mode: 0o644 });
      if (kindDriver === 'unsafe') {
        // No tmpfs without bwrap: HOME, holding the working copy, is a host directory the shell's uid owns.
        mkdirSync(path.join(root, hostLayout.home), { mode: 0o700 });
        if (env.asRoot) chownSync(path.join(root, hostLayout.home), uid, uid);
      }
      cgroup = env.cgroups?.create(`shell-${randomUUID()}`, limits);
      const argv = buildShellCommand({
        driver: kindDriver,
        asRoot: env.asRoot,
        uid,
        hostRoot: root,
        limits,
        cgroupProcs: cgroup?.procsFiles ?? [],
        memoryByRlimit: !cgroup,
        binDirs,
        mode,
      });
      return {
        root,
        argv,
        unsafe: kindDriver === 'unsafe',
        /** Kills whatever is left and removes the files; the uid is free again afterwards. */
        dispose(sessionLeader: number | undefined): void {
          cgroup?.destroy();
          if (kindDriver === 'unsafe') {
            killShellLeftovers({ sessionLeader, uid: env.asRoot ? uid : undefined });
          }
          // fs.rm does not follow symlinks: whatever the shell planted, only this directory goes.
          rmSync(root, { recursive: true, force: true });
        },
      };
    } catch (error) {
      cgroup?.destroy();
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  async function openTerminal(request: OpenTerminalOptions): Promise<TerminalHandle> {
    ensureAvailable('terminal');
    if (!python) {
      throw new AppError('UNAVAILABLE', 'The terminal is unavailable: it needs Python inside the sandbox', {
        retryAfterSeconds: 60,
      });
    }
    const files = checkShellFiles(request.files, limits);
    const cols = clampOption(request.cols, shellBounds.cols);
    const rows = clampOption(request.rows, shellBounds.rows);
    const idleTimeoutMs = clampOption(request.idleTimeoutMs, shellBounds.idleTimeoutMs);
    const maxSessionMs = clampOption(request.maxSessionMs, shellBounds.maxSessionMs);
    const uid = terminalUids.acquire();
    let session: ReturnType<typeof prepareSession>;
    let term: IPty;
    try {
      session = prepareSession('terminal', files, uid, { kind: 'terminal', python, shell });
      try {
        term = spawnTerminalProcess({ argv: session.argv, cols, rows, cwd: session.root });
      } catch (error) {
        session.dispose(undefined);
        throw error;
      }
    } catch (error) {
      terminalUids.release(uid);
      throw error;
    }
    const pid = term.pid;

    let phase: 'starting' | 'running' | 'ended' = 'starting';
    let reason: TerminalExitReason = 'exited';
    let stopping = false;
    /** Set once node-pty reaped the process: its pid may belong to someone else from then on. */
    let exited = false;
    let pending = '';
    let early: string[] = [];
    let earlyChars = 0;
    const dataListeners: Array<(chunk: string) => void> = [];
    const exitListeners: Array<(info: TerminalExit) => void> = [];
    let exitInfo: TerminalExit | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    let maxTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let startFailed: ((error: Error) => void) | undefined;
    let started: ((handle: TerminalHandle) => void) | undefined;
    let resolveEnded: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      resolveEnded = resolve;
    });

    const kill = () => {
      if (exited) return;
      try {
        term.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const deliver = (chunk: string) => {
      if (chunk === '') return;
      if (dataListeners.length === 0) {
        // Nobody listens yet (the caller is still wiring its socket): keep the start of it.
        if (earlyChars < EARLY_OUTPUT_CHARS) {
          early.push(chunk);
          earlyChars += chunk.length;
        }
        return;
      }
      for (const listener of dataListeners) listener(chunk);
    };

    const finish = (exitCode: number | null) => {
      if (phase === 'ended') return;
      const wasStarting = phase === 'starting';
      phase = 'ended';
      clearTimeout(idleTimer);
      clearTimeout(maxTimer);
      clearTimeout(graceTimer);
      kill();
      endAll.delete(end);
      try {
        session.dispose(pid);
      } catch (error) {
        log.error({ err: error, pid }, 'could not clean up a terminal');
      }
      terminalUids.release(uid);
      exitInfo = { exitCode, reason };
      if (wasStarting) {
        log.error({ pid, exitCode, output: pending.slice(0, 500) }, 'a terminal failed to start');
        startFailed?.(new AppError('INTERNAL', 'The terminal could not be started'));
      } else {
        for (const listener of exitListeners.splice(0)) listener(exitInfo);
      }
      resolveEnded();
    };

    /** Kills the terminal for `why`; its exit (or the grace timer) finishes it. */
    const stop = (why: TerminalExitReason) => {
      if (phase === 'ended') return;
      // The first cause wins: a close() after an idle timeout still reports the timeout.
      if (phase === 'running' && !stopping) reason = why;
      stopping = true;
      kill();
      graceTimer ??= setTimeout(() => finish(null), EXIT_GRACE_MS);
      graceTimer.unref();
    };
    const end = async () => {
      stop('closed');
      await ended;
    };
    endAll.add(end);

    term.onExit(({ exitCode, signal }) => {
      exited = true;
      finish(signal ? null : exitCode);
    });
    term.onData((chunk) => {
      if (phase === 'running') {
        deliver(chunk);
        return;
      }
      // After a failed start only the exit matters.
      if (phase !== 'starting' || stopping) return;
      pending += chunk;
      if (pending.length < TERMINAL_READY_MARKER.length && TERMINAL_READY_MARKER.startsWith(pending)) return;
      if (!pending.startsWith(TERMINAL_READY_MARKER)) {
        // Something spoke before the relay (bwrap, the copy): the sandbox did not come up.
        stop('exited');
        return;
      }
      phase = 'running';
      clearTimeout(graceTimer);
      graceTimer = undefined;
      idleTimer = setTimeout(() => stop('idle_timeout'), idleTimeoutMs);
      idleTimer.unref();
      maxTimer = setTimeout(() => stop('max_duration'), maxSessionMs);
      maxTimer.unref();
      deliver(pending.slice(TERMINAL_READY_MARKER.length));
      pending = '';
      started?.(handle);
    });

    const handle: TerminalHandle = {
      pid,
      onData(callback) {
        dataListeners.push(callback);
        if (dataListeners.length === 1 && early.length > 0) {
          const kept = early.join('');
          early = [];
          earlyChars = 0;
          callback(kept);
        }
      },
      onExit(callback) {
        if (exitInfo && phase === 'ended') callback(exitInfo);
        else exitListeners.push(callback);
      },
      write(data) {
        if (phase !== 'running') return;
        idleTimer?.refresh();
        term.write(data);
      },
      resize(newCols, newRows) {
        if (phase !== 'running') return;
        try {
          term.resize(clampOption(newCols, shellBounds.cols), clampOption(newRows, shellBounds.rows));
        } catch {
          // the terminal ended meanwhile
        }
      },
      close() {
        stop('closed');
      },
    };

    return new Promise<TerminalHandle>((resolve, reject) => {
      if (phase === 'ended') {
        reject(new AppError('INTERNAL', 'The terminal could not be started'));
        return;
      }
      started = resolve;
      startFailed = reject;
      graceTimer = setTimeout(() => {
        log.error({ pid }, `a terminal did not start within ${START_TIMEOUT_MS} ms`);
        finish(null);
      }, START_TIMEOUT_MS);
      graceTimer.unref();
    });
  }

  async function runShellCommand(request: ShellCommandOptions): Promise<ShellCommandResult> {
    ensureAvailable('shell command runner');
    const files = checkShellFiles(request.files, limits);
    const stdin = request.stdin ?? '';
    checkShellCommand(request.command, stdin);
    const timeoutMs = clampOption(request.timeoutMs, shellBounds.commandTimeoutMs);
    const outputLimitBytes = clampOption(request.outputLimitBytes, shellBounds.outputLimitBytes);
    const uid = commandUids.acquire();
    let session: ReturnType<typeof prepareSession> | undefined;
    let leader: number | undefined;
    try {
      session = prepareSession('command', files, uid, {
        kind: 'command',
        command: request.command,
        timeoutMs,
      });
      const run = await runCommandProcess({
        argv: session.argv,
        stdin,
        timeoutMs,
        outputLimitBytes,
        floodLimitBytes: FLOOD_LIMIT_BYTES,
        killGroup: session.unsafe,
        cwd: session.root,
        onEnd: (pid) => {
          leader = pid;
        },
      });
      const failure = sandboxFailure(run);
      if (failure) {
        log.error({ failure }, 'a shell command sandbox failed');
        throw new AppError('INTERNAL', 'The command could not be run: the sandbox failed to start');
      }
      return {
        exitCode: run.timedOut ? null : run.exitCode,
        stdout: run.stdout,
        stderr: run.stderr,
        timedOut: run.timedOut,
        truncated: run.truncated,
        durationMs: Math.round(run.durationMs),
      };
    } finally {
      try {
        session?.dispose(leader);
      } finally {
        commandUids.release(uid);
      }
    }
  }

  return {
    info,
    openTerminal,
    async runShellCommand(request) {
      const done = runShellCommand(request);
      // Shutdown waits for commands in flight; they end within their timeout.
      const wait = async () => {
        await done.catch(() => {});
      };
      endAll.add(wait);
      try {
        return await done;
      } finally {
        endAll.delete(wait);
      }
    },
    load: () => ({ terminals: terminalUids.inUse(), commands: commandUids.inUse() }),
    async close() {
      closed = true;
      await Promise.all([...endAll].map((end) => end()));
    },
  };
}
