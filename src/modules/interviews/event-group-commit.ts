/**
 * Group commit for candidates' event batches. Batches are the hottest write: every candidate sends
 * one every ~2 s. A batch is written at once while fewer than `maxInFlight` group statements are
 * running, so an idle platform adds no delay; when they are all busy, the batches arriving
 * meanwhile wait and go together in the next statement — one round trip, one transaction and one
 * WAL flush for many sessions instead of one each (bench/ingest). No timer: the wait is exactly
 * the time a connection would have been waited for anyway.
 *
 * A group passes over sessions whose row another transaction holds (a file save, a run being
 * recorded) instead of waiting for them with every other batch of the group; those batches are
 * then written alone, waiting for their own session only. If a group statement fails, each of its
 * batches is written alone, so one bad batch fails only its own request.
 */
import type { AppendResult, ClientBatch } from './events.repository.ts';
import { SESSION_LOCKED, SessionClosedError } from './events.repository.ts';

/**
 * Writes a group (distinct sessions); per batch its result, a SessionClosedError, or — with
 * `skipLocked` only — SESSION_LOCKED for a session it passed over.
 */
export type WriteGroup = (
  batches: readonly ClientBatch[],
  options: { skipLocked: boolean },
) => Promise<Array<AppendResult | SessionClosedError | typeof SESSION_LOCKED>>;

export interface GroupCommitOptions {
  write: WriteGroup;
  /** Group statements running at once (each holds one pooled connection). */
  maxInFlight: number;
  /** Events per statement at most (a single larger batch still goes, alone). */
  maxEvents: number;
}

export interface GroupCommit {
  /** Stores one batch; rejects with a SessionClosedError when its session no longer takes events. */
  append(batch: ClientBatch): Promise<AppendResult>;
}

interface Waiting {
  batch: ClientBatch;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The next group from the queue, oldest first: at most one batch per session (a session's later
 * batch waits for the next group, so its batches stay in order) and at most `maxEvents` events,
 * though the oldest batch always goes. Returns the positions taken, in queue order.
 */
export function pickGroup(queue: readonly ClientBatch[], maxEvents: number): number[] {
  const taken: number[] = [];
  const sessions = new Set<string>();
  let events = 0;
  queue.forEach((batch, position) => {
    if (sessions.has(batch.sessionId)) return;
    if (taken.length > 0 && events + batch.events.length > maxEvents) return;
    taken.push(position);
    sessions.add(batch.sessionId);
    events += batch.events.length;
  });
  return taken;
}

export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const queue: Waiting[] = [];
  let inFlight = 0;

  function settle(entry: Waiting, outcome: AppendResult | SessionClosedError | undefined) {
    if (outcome instanceof SessionClosedError) entry.reject(outcome);
    else if (outcome === undefined)
      entry.reject(new Error('the group statement returned no result for a batch'));
    else entry.resolve(outcome);
  }

  /** One batch, waiting for its session's lock if it must. */
  async function writeAlone(entry: Waiting) {
    try {
      const [outcome] = await options.write([entry.batch], { skipLocked: false });
      settle(entry, outcome === SESSION_LOCKED ? undefined : outcome);
    } catch (error) {
      entry.reject(error);
    }
  }

  async function write(group: Waiting[]) {
    const [only] = group;
    if (group.length === 1 && only) return writeAlone(only);
    let outcomes: Awaited<ReturnType<WriteGroup>>;
    try {
      outcomes = await options.write(
        group.map((entry) => entry.batch),
        { skipLocked: true },
      );
    } catch {
      // Find the batch that failed: each alone, so the others are still stored.
      await Promise.all(group.map(writeAlone));
      return;
    }
    const passedOver: Waiting[] = [];
    for (const [index, entry] of group.entries()) {
      const outcome = outcomes[index];
      if (outcome === SESSION_LOCKED) passedOver.push(entry);
      else settle(entry, outcome);
    }
    await Promise.all(passedOver.map(writeAlone));
  }

  function pump() {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const positions = pickGroup(
        queue.map((entry) => entry.batch),
        options.maxEvents,
      );
      const group = positions.map((position) => queue[position] as Waiting);
      for (const position of positions.reverse()) queue.splice(position, 1);
      inFlight += 1;
      void write(group).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return {
    append(batch) {
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ batch, resolve, reject });
        pump();
      });
    },
  };
}
