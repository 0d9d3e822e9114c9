/**
 * The platform under load as production runs it: an API process and a workers process (each its
 * own Node, sharing PostgreSQL and Redis), started from `platform-process.ts`, and what each one
 * costs while the load runs — RSS and CPU from /proc (the kernel's figures, whatever Node thinks),
 * the V8 heap and event-loop lag from the process's own Prometheus `/metrics`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'platform-process.ts');
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** /proc/<pid>/stat counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second. */
const USER_HZ = 100;

export type PlatformRole = 'api' | 'workers';

export interface PlatformChild {
  role: PlatformRole;
  pid: number;
  /** Where its stdout and stderr go (kept for reading after a failure). */
  logFile: string;
  /** Resolves once the process reported it is ready; rejects if it exited first. */
  ready: Promise<void>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Starts `platform-process.ts <role>` with exactly `env` (plus PATH), its output into `logFile`. */
export function startPlatformChild(
  role: PlatformRole,
  env: Record<string, string>,
  logFile: string,
): PlatformChild {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, role], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') resolve();
    });
    void exited.then((code) =>
      reject(new Error(`the ${role} process exited (${code}) before it was ready; see ${logFile}`)),
    );
  });
  // Nobody may be awaiting `ready` when the process dies later; that is reported by `stop`.
  ready.catch(() => undefined);
  return {
    role,
    pid: child.pid ?? -1,
    logFile,
    ready,
    async stop(graceMs = 40_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      log.end();
      return code;
    },
  };
}

/** One reading of one process. */
export interface ProcessSample {
  rssMb: number;
  /** RSS of the process and all its descendants (the API's pre-started sandboxes, for one). */
  treeRssMb: number;
  /** Share of one core since the previous sample (1 = one core fully busy). */
  cpuCores: number;
  /** From /metrics; NaN when it could not be read. */
  heapUsedMb: number;
  heapTotalMb: number;
  eventLoopLagP99Ms: number;
  /** Queries waiting for a connection of the process's PostgreSQL pool (NaN: not read). */
  dbPoolWaiting: number;
}

function rssKbOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // exited meanwhile
  }
}

/** utime + stime of `pid` in seconds. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

/** `pid` and every process below it, from the parent links in /proc. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(name));
      children.set(parent, list);
    } catch {
      // gone meanwhile
    }
  }
  const all: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    all.push(next);
    pending.push(...(children.get(next) ?? []));
  }
  return all;
}

/** GETs an operator-only text document (`/metrics`) without the shared agent. */
export function getText(url: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { agent: false, headers: { authorization: `Bearer ${token}` }, timeout: 5_000 },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          response.statusCode === 200 ? resolve(text) : reject(new Error(`/metrics ${response.statusCode}`)),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** A gauge without labels from Prometheus text; NaN when absent. */
function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** Reads a process on demand; the CPU share is over the time since its previous reading. */
export function createProcessSampler(pid: number, metricsUrl: string, operatorToken: string) {
  let previous = { at: performance.now(), cpu: cpuSecondsOf(pid) };
  return async (): Promise<ProcessSample> => {
    let metrics = '';
    try {
      metrics = await getText(metricsUrl, operatorToken);
    } catch {
      // reported as NaN: the process is too busy to answer, which is a finding in itself
    }
    const now = { at: performance.now(), cpu: cpuSecondsOf(pid) };
    const cpuCores = (now.cpu - previous.cpu) / ((now.at - previous.at) / 1000);
    previous = now;
    const mb = (bytes: number) => bytes / 1024 / 1024;
    return {
      rssMb: rssKbOf(pid) / 1024,
      treeRssMb: descendantsOf(pid).reduce((total, each) => total + rssKbOf(each), 0) / 1024,
      cpuCores,
      heapUsedMb: mb(gauge(metrics, 'nodejs_heap_size_used_bytes')),
      heapTotalMb: mb(gauge(metrics, 'nodejs_heap_size_total_bytes')),
      eventLoopLagP99Ms: gauge(metrics, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      dbPoolWaiting: gauge(metrics, 'interviewlm_db_pool_connections\\{state="waiting"\\}'),
    };
  };
}

/** Warnings and errors a process logged (pino JSON lines, level >= 40): how many, and the commonest messages. */
export function logFindings(logFile: string): {
  warnings: number;
  errors: number;
  top: Array<[string, number]>;
} {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return { warnings: 0, errors: 0, top: [] };
  }
  let warnings = 0;
  let errors = 0;
  const messages = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) < 40) continue;
      if ((entry.level ?? 0) >= 50) errors += 1;
      else warnings += 1;
      const key = `${(entry.level ?? 0) >= 50 ? 'error' : 'warn'}: ${entry.msg ?? '?'}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    } catch {
      // a partial line at the end
    }
  }
  const top = [...messages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { warnings, errors, top };
}

/** CPU seconds of the whole machine (all cores, busy time) from /proc/stat, for a share of 2 cores. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / USER_HZ;
}
