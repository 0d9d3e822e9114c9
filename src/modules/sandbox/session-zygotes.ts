/**
 * Which zygote serves which interview session. A session's test runs go to its own zygote (its own
 * sandbox: namespaces, uid, cgroup), so candidates never share one. There is no zygote for a second
 * run while the session's is busy, nor when `maxSessions` are bound and all busy: the caller then
 * uses a one-shot sandbox. Zygotes are started ahead of need (`spares`) and bound to a session at
 * its first run; a session's zygote is retired after `idleMs` without a run, or the least recently
 * used idle one when `maxSessions` are bound and another session needs one.
 */

/** A zygote as the sandbox holds it: the process plus what must be released with it. */
export interface ZygoteHandle {
  alive(): boolean;
  busy(): boolean;
  /** Kills the zygote and releases its uid and cgroup. */
  retire(): void;
}

export interface SessionZygotes<Handle extends ZygoteHandle> {
  /** The zygote for a run of `sessionId`, or undefined when none is free; `release` it after the run. */
  take(sessionId: string): Handle | undefined;
  release(handle: Handle): void;
  /** Retires the session zygotes idle for longer than idleMs (also done on a timer). */
  retireIdle(): void;
  /** Zygotes bound to sessions and spares, for /metrics and tests. */
  counts(): { sessions: number; spares: number };
  close(): void;
}

export function createSessionZygotes<Handle extends ZygoteHandle>(options: {
  /** Starts a zygote (throws when it cannot). */
  start(): Handle;
  spares: number;
  maxSessions: number;
  idleMs: number;
  now?: () => number;
}): SessionZygotes<Handle> {
  const now = options.now ?? (() => performance.now());
  const spares: Handle[] = [];
  /** Insertion order is use order: a used session moves to the end, so the first is least recent. */
  const sessions = new Map<string, { handle: Handle; lastUsed: number }>();
  const boundTo = new Map<Handle, string>();
  let closed = false;

  function unbind(sessionId: string): void {
    const entry = sessions.get(sessionId);
    if (!entry) return;
    sessions.delete(sessionId);
    boundTo.delete(entry.handle);
    if (!entry.handle.busy()) entry.handle.retire();
  }

  function retireIdle(): void {
    const oldest = now() - options.idleMs;
    for (const [sessionId, entry] of sessions) {
      if (!entry.handle.busy() && (entry.lastUsed <= oldest || !entry.handle.alive())) unbind(sessionId);
    }
  }

  function replenish(): void {
    while (!closed && spares.length < options.spares) spares.push(options.start());
  }

  function takeSpare(): Handle {
    for (let spare = spares.shift(); spare; spare = spares.shift()) {
      if (spare.alive()) return spare;
      spare.retire();
    }
    return options.start();
  }

  function refill(): void {
    setImmediate(() => {
      try {
        replenish();
      } catch {
        // Starting failed (the sandbox is unwell): the next take starts one itself and reports it.
      }
    });
  }

  const sweeper = setInterval(retireIdle, Math.max(1_000, Math.min(options.idleMs / 4, 30_000)));
  sweeper.unref();
  refill();

  return {
    take(sessionId) {
      const entry = sessions.get(sessionId);
      if (entry?.handle.alive()) {
        if (entry.handle.busy()) return undefined;
        sessions.delete(sessionId);
        sessions.set(sessionId, entry);
        entry.lastUsed = now();
        return entry.handle;
      }
      if (entry) unbind(sessionId);
      if (sessions.size >= options.maxSessions) retireIdle();
      for (const [oldest, bound] of sessions) {
        if (sessions.size < options.maxSessions) break;
        if (!bound.handle.busy()) unbind(oldest);
      }
      if (sessions.size >= options.maxSessions) return undefined;
      const handle = takeSpare();
      refill();
      sessions.set(sessionId, { handle, lastUsed: now() });
      boundTo.set(handle, sessionId);
      return handle;
    },
    release(handle) {
      const sessionId = boundTo.get(handle);
      if (sessionId === undefined || closed || !handle.alive()) {
        if (sessionId !== undefined) unbind(sessionId);
        handle.retire();
        return;
      }
      const entry = sessions.get(sessionId);
      if (entry) entry.lastUsed = now();
    },
    retireIdle,
    counts: () => ({ sessions: sessions.size, spares: spares.length }),
    close() {
      closed = true;
      clearInterval(sweeper);
      for (const sessionId of [...sessions.keys()]) unbind(sessionId);
      for (const spare of spares.splice(0)) spare.retire();
    },
  };
}
