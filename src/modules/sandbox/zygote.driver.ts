/**
 * Spawns a session zygote (harness/python_zygote.py inside its own sandbox) and hands it runs one
 * at a time: each run is a fork of the warm interpreter, so it costs a fork instead of a new
 * sandbox and interpreter. Reads each run's stdout, stderr and result channel up to the zygote's
 * end marker (zygote-protocol.ts). A run that overruns its wall time or output budget takes the
 * whole zygote down, exactly as a one-shot sandbox is killed; so does anything the protocol does
 * not expect — the next run then starts from a fresh sandbox.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { type ProcessRun, spawnSandboxProcess } from './process.driver.ts';
import { createRunStream, type RunStream, type ZygoteRunHeader, zygoteRunInput } from './zygote-protocol.ts';

/** A zygote waiting for runs, or serving one. */
export interface Zygote {
  /** False once the process has exited or been killed. */
  alive(): boolean;
  /** True while a run is in flight. */
  busy(): boolean;
  /** Sends one run; resolves when it has ended (never rejects). Only one run at a time. */
  dispatch(header: ZygoteRunHeader, wallMs: number): Promise<ProcessRun>;
  kill(): void;
}

/** Most bytes read from the result channel per run: far above any honest harness report. */
const CHANNEL_LIMIT = 8 * 1024 * 1024;
/** How long pipes may stay open after the process exited mid-run. */
const PIPE_DRAIN_MS = 1_000;

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

interface ActiveRun {
  streams: { stdout: RunStream; stderr: RunStream; channel: RunStream };
  startedAt: number;
  timer: NodeJS.Timeout;
  wallTimeout: boolean;
  outputExceeded: boolean;
  resolve(run: ProcessRun): void;
}

/** Starts `argv` (the zygote in its sandbox); it waits for runs until killed or its stdin ends. */
export function startZygote(options: { argv: string[]; outputBytes: number; cwd: string }): Zygote {
  const child = spawnSandboxProcess(options.argv, { cwd: options.cwd });
  let exited = false;
  let spawnError: string | undefined;
  let active: ActiveRun | undefined;

  const kill = () => {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };

  const finish = (exitCode: number | null, signal: string | null) => {
    const run = active;
    if (!run) return;
    active = undefined;
    clearTimeout(run.timer);
    const text = (stream: RunStream) => stream.content().toString('utf8');
    run.resolve({
      exitCode,
      signal,
      wallTimeout: run.wallTimeout,
      outputExceeded: run.outputExceeded,
      spawnError,
      stdout: text(run.streams.stdout),
      stderr: text(run.streams.stderr),
      channel: text(run.streams.channel),
      durationMs: performance.now() - run.startedAt,
    });
  };

  const onData = (name: keyof ActiveRun['streams']) => (chunk: Buffer) => {
    const run = active;
    if (!run) {
      // Between runs the zygote writes nothing: bytes here come from somewhere they should not.
      kill();
      return;
    }
    if (!run.streams[name].push(chunk)) {
      run.outputExceeded = true;
      kill();
      return;
    }
    const { stdout, stderr, channel } = run.streams;
    if (stdout.trailing() + stderr.trailing() + channel.trailing() > 0) {
      kill();
      return;
    }
    if (stdout.ended() && stderr.ended() && channel.ended()) {
      const exit = channel.exit();
      finish(
        exit?.exitCode ?? null,
        exit?.signalNumber ? (signalNames.get(exit.signalNumber) ?? null) : null,
      );
    }
  };
  for (const [name, stream] of [
    ['stdout', child.stdout],
    ['stderr', child.stderr],
    ['channel', child.stdio[3]],
  ] as const) {
    (stream as Readable | null)?.on('data', onData(name));
    (stream as Readable | null)?.on('error', () => {});
  }
  child.stdin?.on('error', () => {});
  child.on('error', (error) => {
    spawnError = error.message;
    exited = true;
    finish(null, null);
  });
  child.on('exit', (exitCode, signal) => {
    exited = true;
    // Let what the run wrote before the end drain, briefly; then the run ends with the process.
    setTimeout(() => finish(exitCode, signal), active ? PIPE_DRAIN_MS : 0).unref();
  });
  child.on('close', (exitCode: number | null, signal: string | null) => finish(exitCode, signal));

  return {
    alive: () => !exited && child.exitCode === null && child.signalCode === null,
    busy: () => active !== undefined,
    kill,
    dispatch(header, wallMs) {
      if (active) throw new Error('the zygote is already running a run');
      return new Promise<ProcessRun>((resolve) => {
        const marker = randomBytes(16).toString('hex');
        const outputBudget = { bytes: options.outputBytes };
        const run: ActiveRun = {
          streams: {
            stdout: createRunStream(marker, outputBudget, false),
            stderr: createRunStream(marker, outputBudget, false),
            channel: createRunStream(marker, { bytes: CHANNEL_LIMIT }, true),
          },
          startedAt: performance.now(),
          wallTimeout: false,
          outputExceeded: false,
          timer: setTimeout(() => {
            run.wallTimeout = true;
            kill();
          }, wallMs),
          resolve,
        };
        active = run;
        if (exited) {
          finish(null, null);
          return;
        }
        child.stdin?.write(zygoteRunInput(header, marker));
      });
    },
  };
}
