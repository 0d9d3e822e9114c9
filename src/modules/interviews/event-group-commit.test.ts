/**
 * The group-commit scheduler: which batches go together, that nothing waits while statements are
 * free, that a session's batches stay in order, and that one failing batch fails only itself.
 */
import { describe, expect, it } from 'vitest';
import { createGroupCommit, pickGroup, type WriteGroup } from './event-group-commit.ts';
import {
  type AppendResult,
  type ClientBatch,
  SESSION_LOCKED,
  SessionClosedError,
} from './events.repository.ts';

function batch(sessionId: string, events = 1): ClientBatch {
  return {
    sessionId,
    events: Array.from({ length: events }, (_, index) => ({
      type: 'editor.typing',
      origin: 'candidate' as const,
      data: {},
      clientSeq: index + 1,
    })),
  };
}

function stored(events: number): AppendResult {
  return { seqs: Array.from({ length: events }, (_, index) => index + 1), lastSeq: events, duplicates: 0 };
}

/** A write whose statements finish when the test says so; records every group it was given. */
function controlledWrite() {
  const groups: string[][] = [];
  const pending: Array<() => void> = [];
  const write: WriteGroup = (batches) => {
    groups.push(batches.map((entry) => entry.sessionId));
    return new Promise((resolve) => {
      pending.push(() => resolve(batches.map((entry) => stored(entry.events.length))));
    });
  };
  return {
    write,
    groups,
    finishNext: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('pickGroup', () => {
  it('takes the oldest batch of each session, up to the event limit, in queue order', () => {
    const queue = [batch('a', 3), batch('b', 3), batch('a', 1), batch('c', 5), batch('d', 2)];
    expect(pickGroup(queue, 8)).toEqual([0, 1, 4]);
    expect(pickGroup(queue, 100)).toEqual([0, 1, 3, 4]);
  });

  it('always takes the oldest batch, even one larger than the limit', () => {
    expect(pickGroup([batch('a', 50), batch('b', 1)], 10)).toEqual([0]);
  });
});

describe('createGroupCommit', () => {
  it('writes at once while statements are free, and groups what arrives while they are busy', async () => {
    const io = controlledWrite();
    const commit = createGroupCommit({ write: io.write, maxInFlight: 1, maxEvents: 100 });
    const first = commit.append(batch('x'));
    expect(io.groups).toEqual([['x']]);
    const waiting = [
      commit.append(batch('b')),
      commit.append(batch('a')),
      commit.append(batch('a')),
      commit.append(batch('c')),
    ];
    expect(io.groups).toHaveLength(1);
    await io.finishNext();
    await expect(first).resolves.toEqual(stored(1));
    // a's second batch waits for the group after, so a session's batches stay in order.
    expect(io.groups).toEqual([['x'], ['b', 'a', 'c']]);
    await io.finishNext();
    expect(io.groups).toEqual([['x'], ['b', 'a', 'c'], ['a']]);
    await io.finishNext();
    await expect(Promise.all(waiting)).resolves.toHaveLength(4);
  });

  it('runs up to maxInFlight statements at once', async () => {
    const io = controlledWrite();
    const commit = createGroupCommit({ write: io.write, maxInFlight: 2, maxEvents: 100 });
    void commit.append(batch('a'));
    void commit.append(batch('b'));
    void commit.append(batch('c'));
    void commit.append(batch('d'));
    expect(io.groups).toEqual([['a'], ['b']]);
    await io.finishNext();
    expect(io.groups).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('rejects a closed session with its error and stores the others of its group', async () => {
    const write: WriteGroup = async (batches) =>
      batches.map((entry) => (entry.sessionId === 'closed' ? new SessionClosedError('closed') : stored(1)));
    const commit = createGroupCommit({ write, maxInFlight: 1, maxEvents: 100 });
    const results = await Promise.allSettled([
      commit.append(batch('x')),
      commit.append(batch('closed')),
      commit.append(batch('y')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(SessionClosedError);
  });

  it('writes each batch of a failed group alone, so only the bad batch fails', async () => {
    const groups: string[][] = [];
    const write: WriteGroup = async (batches) => {
      groups.push(batches.map((entry) => entry.sessionId));
      if (batches.some((entry) => entry.sessionId === 'bad')) throw new Error('invalid input syntax');
      return batches.map(() => stored(1));
    };
    const commit = createGroupCommit({ write, maxInFlight: 1, maxEvents: 100 });
    const first = commit.append(batch('first'));
    const rest = [commit.append(batch('ok')), commit.append(batch('bad')), commit.append(batch('fine'))];
    await first;
    const results = await Promise.allSettled(rest);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('invalid input syntax'));
    expect(groups).toEqual([['first'], ['ok', 'bad', 'fine'], ['ok'], ['bad'], ['fine']]);
  });

  it('passes over a session another transaction holds, then writes that batch alone, waiting', async () => {
    const calls: Array<{ sessions: string[]; skipLocked: boolean }> = [];
    const write: WriteGroup = async (batches, { skipLocked }) => {
      calls.push({ sessions: batches.map((entry) => entry.sessionId), skipLocked });
      return batches.map((entry) =>
        skipLocked && entry.sessionId === 'saving' ? SESSION_LOCKED : stored(1),
      );
    };
    const commit = createGroupCommit({ write, maxInFlight: 1, maxEvents: 100 });
    const first = commit.append(batch('first'));
    const rest = [commit.append(batch('saving')), commit.append(batch('other'))];
    await first;
    await expect(Promise.all(rest)).resolves.toEqual([stored(1), stored(1)]);
    expect(calls).toEqual([
      { sessions: ['first'], skipLocked: false },
      { sessions: ['saving', 'other'], skipLocked: true },
      { sessions: ['saving'], skipLocked: false },
    ]);
  });
});
