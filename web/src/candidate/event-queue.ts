/**
 * The client event queue: integrity and UI events are numbered with an increasing `clientSeq`,
 * kept in (session) storage until the server has them, and sent in batches. A failed batch stays
 * queued and is retried with backoff; the server stores a batch sent twice once (idempotent by
 * clientSeq), so retrying is always safe and nothing is lost across failures or reloads.
 * No DOM: storage, clock and timers are injected.
 */

/** The storage the queue persists to (sessionStorage in the browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** One event as sent to `POST /api/interview/:id/events/batch`. */
export interface QueuedEvent {
  clientSeq: number;
  type: string;
  /** ISO time of the event on the client. */
  ts: string;
  questionId?: string;
  filePath?: string;
  data: Record<string, unknown>;
}

/** What a caller enqueues; the queue adds clientSeq and ts. */
export interface EventInput {
  type: string;
  questionId?: string | undefined;
  filePath?: string | undefined;
  data?: Record<string, unknown>;
}

/** How a failed send should be handled. */
export type FailureKind =
  /** Keep the events and try again later (network, 5xx, 401 while re-authenticating). */
  | { kind: 'retry'; afterMs?: number }
  /** The server will never accept these events (the session ended, a malformed event): drop them. */
  | { kind: 'drop'; reason: string };

/** What the queue reports after each change. */
export interface EventQueueStatus {
  pending: number;
  /** Consecutive failed sends (0 when the last send worked). */
  failures: number;
  lastError?: string;
}

/** Options of `createEventQueue`. */
export interface EventQueueOptions {
  storage: KeyValueStorage;
  storageKey: string;
  /** Sends one batch; rejects on failure. */
  send(events: QueuedEvent[], options: { keepalive: boolean }): Promise<void>;
  /** Classifies a rejection of `send`; default: retry. */
  classifyFailure?(error: unknown): FailureKind;
  onStatus?(status: EventQueueStatus): void;
  /** Called with events dropped after a permanent failure (to log or show). */
  onDrop?(events: QueuedEvent[], reason: string): void;
  now?: () => number;
  /** Events per batch; the server takes at most 500. */
  maxBatchEvents?: number;
  /** Bytes of JSON per batch; the server takes at most 1 MiB (keepalive requests at most 64 KiB). */
  maxBatchBytes?: number;
  /** Pause after the first failure; doubles per failure up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** The queue. */
export interface EventQueue {
  enqueue(input: EventInput): QueuedEvent;
  /** Sends the oldest pending events (one batch) unless a backoff is running; true if all were sent. */
  flush(options?: { keepalive?: boolean; force?: boolean }): Promise<boolean>;
  pending(): readonly QueuedEvent[];
  status(): EventQueueStatus;
}

/** The server's limit on one event's data, in characters of JSON. */
export const MAX_EVENT_DATA_CHARS = 16 * 1024;
/** Largest body a `keepalive` fetch may carry (browsers refuse more than 64 KiB in flight). */
export const KEEPALIVE_MAX_BYTES = 60 * 1024;

interface Persisted {
  lastSeq: number;
  pending: QueuedEvent[];
}

function load(storage: KeyValueStorage, key: string): Persisted {
  try {
    const raw = storage.getItem(key);
    if (!raw) return { lastSeq: 0, pending: [] };
    const parsed = JSON.parse(raw) as Partial<Persisted>;
    return {
      lastSeq: typeof parsed.lastSeq === 'number' ? parsed.lastSeq : 0,
      pending: Array.isArray(parsed.pending) ? parsed.pending : [],
    };
  } catch {
    return { lastSeq: 0, pending: [] };
  }
}

/**
 * The next clientSeq: one more than the last, and never below the clock in microsecond-sized
 * steps. The clock floor keeps numbers increasing even when storage was lost (a new tab, private
 * mode): the server deduplicates by clientSeq, so restarting at 1 would silently drop new events
 * as "duplicates" of old ones.
 */
export function nextClientSeq(lastSeq: number, nowMs: number): number {
  return Math.max(lastSeq + 1, Math.floor(nowMs) * 1000);
}

/** Creates a queue that restores what an earlier page left in storage. */
export function createEventQueue(options: EventQueueOptions): EventQueue {
  const now = options.now ?? Date.now;
  const maxBatchEvents = options.maxBatchEvents ?? 500;
  const maxBatchBytes = options.maxBatchBytes ?? 900 * 1024;
  const baseBackoffMs = options.baseBackoffMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const classify = options.classifyFailure ?? (() => ({ kind: 'retry' }) as FailureKind);
  const state = load(options.storage, options.storageKey);
  let failures = 0;
  let lastError: string | undefined;
  let retryAt = 0;
  let inFlight: Promise<boolean> | undefined;

  const save = () => {
    try {
      options.storage.setItem(options.storageKey, JSON.stringify(state));
    } catch {
      // Storage full or blocked: the events stay in memory and are still sent.
    }
  };
  const status = (): EventQueueStatus => ({
    pending: state.pending.length,
    failures,
    ...(lastError !== undefined ? { lastError } : {}),
  });
  const report = () => options.onStatus?.(status());

  /** The oldest pending events that fit one batch (always at least one). */
  const nextBatch = (byteLimit: number): QueuedEvent[] => {
    const batch: QueuedEvent[] = [];
    let bytes = 16;
    for (const event of state.pending) {
      if (batch.length >= maxBatchEvents) break;
      const size = JSON.stringify(event).length + 1;
      if (batch.length > 0 && bytes + size > byteLimit) break;
      batch.push(event);
      bytes += size;
    }
    return batch;
  };

  const removeSent = (batch: readonly QueuedEvent[]) => {
    const sent = new Set(batch.map((event) => event.clientSeq));
    state.pending = state.pending.filter((event) => !sent.has(event.clientSeq));
    save();
  };

  const attempt = async (keepalive: boolean): Promise<boolean> => {
    const batch = nextBatch(keepalive ? KEEPALIVE_MAX_BYTES : maxBatchBytes);
    if (batch.length === 0) return true;
    try {
      await options.send(batch, { keepalive });
    } catch (error) {
      const failure = classify(error);
      lastError = error instanceof Error ? error.message : String(error);
      if (failure.kind === 'drop') {
        removeSent(batch);
        options.onDrop?.(batch, failure.reason);
        failures = 0;
        retryAt = 0;
      } else {
        failures += 1;
        const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (failures - 1));
        retryAt = now() + Math.max(backoff, failure.afterMs ?? 0);
      }
      report();
      return false;
    }
    removeSent(batch);
    failures = 0;
    lastError = undefined;
    retryAt = 0;
    report();
    return state.pending.length === 0;
  };

  return {
    enqueue(input) {
      let data = input.data ?? {};
      if (JSON.stringify(data).length > MAX_EVENT_DATA_CHARS) data = { truncated: true };
      const event: QueuedEvent = {
        clientSeq: nextClientSeq(state.lastSeq, now()),
        type: input.type,
        ts: new Date(now()).toISOString(),
        data,
      };
      if (input.questionId) event.questionId = input.questionId;
      if (input.filePath) event.filePath = input.filePath;
      state.lastSeq = event.clientSeq;
      state.pending.push(event);
      save();
      report();
      return event;
    },

    flush(flushOptions = {}) {
      if (inFlight) return inFlight;
      if (state.pending.length === 0) return Promise.resolve(true);
      if (!flushOptions.force && now() < retryAt) return Promise.resolve(false);
      inFlight = attempt(Boolean(flushOptions.keepalive)).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },

    pending: () => state.pending,
    status,
  };
}
