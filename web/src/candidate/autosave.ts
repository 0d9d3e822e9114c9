/**
 * Autosave: each file's latest text is written ~800 ms after the last keystroke, one write per
 * file at a time (a change during a write is written right after it), and a write that fails for
 * a passing reason (network, server busy) is retried with backoff until it lands. A permanent
 * refusal (file too large, interview over) stops retrying and is reported. Timers are the global
 * ones (fake timers in tests); no DOM.
 */

/** What the status line shows. */
export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline'; message: string }
  | { kind: 'error'; message: string; path: string };

/** How a failed write is handled. */
export type SaveFailure = 'retry' | 'fatal';

/** Options of `createAutosaver`. */
export interface AutosaverOptions {
  save(path: string, content: string): Promise<void>;
  /** Default: every failure is retried. */
  classify?(error: unknown): SaveFailure;
  onStatus?(status: SaveStatus): void;
  delayMs?: number;
  baseRetryMs?: number;
  maxRetryMs?: number;
}

/** The autosaver. */
export interface Autosaver {
  /** The editor's text of `path` changed. */
  change(path: string, content: string): void;
  /** Writes everything pending now (Ctrl+S, before running tests or submitting); resolves when done or failed. */
  flush(): Promise<boolean>;
  /** Forgets pending text of a file that was deleted or renamed. */
  forget(path: string): void;
  /** True while some text is not yet stored. */
  hasPending(): boolean;
  /** The files whose latest text is not yet stored. */
  pendingPaths(): Set<string>;
  status(): SaveStatus;
  dispose(): void;
}

interface Entry {
  /** Text not yet written, or undefined when the stored text is current. */
  pending: string | undefined;
  inFlight: Promise<void> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  failures: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Creates an autosaver. */
export function createAutosaver(options: AutosaverOptions): Autosaver {
  const delayMs = options.delayMs ?? 800;
  const baseRetryMs = options.baseRetryMs ?? 2_000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const classify = options.classify ?? (() => 'retry' as const);
  const entries = new Map<string, Entry>();
  let current: SaveStatus = { kind: 'saved' };
  let fatal: { path: string; message: string } | undefined;
  let offline: string | undefined;
  let disposed = false;

  const compute = (): SaveStatus => {
    if (fatal) return { kind: 'error', ...fatal };
    if (offline) return { kind: 'offline', message: offline };
    let pending = false;
    for (const entry of entries.values()) {
      if (entry.inFlight) return { kind: 'saving' };
      if (entry.pending !== undefined) pending = true;
    }
    return pending ? { kind: 'pending' } : { kind: 'saved' };
  };
  const report = () => {
    const next = compute();
    if (JSON.stringify(next) !== JSON.stringify(current)) {
      current = next;
      options.onStatus?.(next);
    }
  };
  const entryOf = (path: string): Entry => {
    let entry = entries.get(path);
    if (!entry) {
      entry = { pending: undefined, inFlight: undefined, timer: undefined, failures: 0 };
      entries.set(path, entry);
    }
    return entry;
  };

  const schedule = (path: string, entry: Entry, ms: number) => {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void write(path);
    }, ms);
  };

  const write = (path: string): Promise<void> => {
    const entry = entries.get(path);
    if (!entry || disposed) return Promise.resolve();
    if (entry.inFlight) return entry.inFlight;
    if (entry.pending === undefined) return Promise.resolve();
    if (entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    const content = entry.pending;
    entry.pending = undefined;
    const attempt = (async () => {
      try {
        await options.save(path, content);
        entry.failures = 0;
        offline = undefined;
        if (fatal?.path === path) fatal = undefined;
      } catch (error) {
        // Keep the text unless a newer one arrived meanwhile.
        if (entry.pending === undefined) entry.pending = content;
        if (classify(error) === 'fatal') {
          fatal = { path, message: messageOf(error) };
          entry.pending = undefined;
        } else {
          entry.failures += 1;
          offline = 'Offline — will retry';
          schedule(path, entry, Math.min(maxRetryMs, baseRetryMs * 2 ** (entry.failures - 1)));
        }
      } finally {
        entry.inFlight = undefined;
      }
      // A change typed during the write is written now (after its own debounce if one is running).
      if (entry.pending !== undefined && !entry.timer && entry.failures === 0) await write(path);
    })();
    entry.inFlight = attempt;
    report();
    return attempt.finally(report);
  };

  const hasPending = (): boolean => {
    for (const entry of entries.values()) if (entry.pending !== undefined || entry.inFlight) return true;
    return false;
  };

  return {
    change(path, content) {
      if (disposed) return;
      const entry = entryOf(path);
      entry.pending = content;
      if (fatal?.path === path) fatal = undefined;
      if (!entry.inFlight) schedule(path, entry, entry.failures > 0 ? Math.max(delayMs, 1_000) : delayMs);
      report();
    },
    async flush() {
      const paths = [...entries.keys()];
      // Two rounds: a write in flight first finishes, then what was typed during it is written.
      for (let round = 0; round < 2; round++) {
        await Promise.all(
          paths.map(async (path) => {
            const entry = entries.get(path);
            if (entry?.inFlight) await entry.inFlight;
            await write(path);
          }),
        );
      }
      report();
      return !hasPending() && !fatal;
    },
    forget(path) {
      const entry = entries.get(path);
      if (entry?.timer) clearTimeout(entry.timer);
      entries.delete(path);
      if (fatal?.path === path) fatal = undefined;
      report();
    },
    hasPending,
    pendingPaths() {
      const paths = new Set<string>();
      for (const [path, entry] of entries) if (entry.pending !== undefined || entry.inFlight) paths.add(path);
      return paths;
    },
    status: () => current,
    dispose() {
      disposed = true;
      for (const entry of entries.values()) if (entry.timer) clearTimeout(entry.timer);
    },
  };
}
