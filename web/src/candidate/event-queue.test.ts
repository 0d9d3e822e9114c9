import { describe, expect, it } from 'vitest';
import {
  createEventQueue,
  type EventQueueOptions,
  type KeyValueStorage,
  nextClientSeq,
  type QueuedEvent,
} from './event-queue.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

/** A fake server that stores events idempotently by clientSeq, like the real one. */
function fakeServer() {
  const stored = new Map<number, QueuedEvent>();
  let failNext = 0;
  const batches: QueuedEvent[][] = [];
  return {
    stored,
    batches,
    failTimes(n: number) {
      failNext = n;
    },
    async send(events: QueuedEvent[]) {
      batches.push(events);
      if (failNext > 0) {
        failNext -= 1;
        throw new TypeError('Failed to fetch');
      }
      for (const event of events) if (!stored.has(event.clientSeq)) stored.set(event.clientSeq, event);
    },
  };
}

function setup(overrides: Partial<EventQueueOptions> = {}) {
  const storage = memoryStorage();
  const server = fakeServer();
  let clock = 1_700_000_000_000;
  const options: EventQueueOptions = {
    storage,
    storageKey: 'q',
    send: (events) => server.send(events),
    now: () => clock,
    ...overrides,
  };
  return {
    storage,
    server,
    options,
    advance(ms: number) {
      clock += ms;
    },
    queue: createEventQueue(options),
  };
}

describe('nextClientSeq', () => {
  it('increases by one within the same clock tick and jumps with the clock', () => {
    expect(nextClientSeq(5_000, 5)).toBe(5_001);
    expect(nextClientSeq(0, 5)).toBe(5_000);
    expect(nextClientSeq(5_001, 6)).toBe(6_000);
  });
});

describe('createEventQueue', () => {
  it('numbers events with strictly increasing clientSeq and sends them in one batch', async () => {
    const { queue, server } = setup();
    const a = queue.enqueue({ type: 'integrity.paste', data: { chars: 10 } });
    const b = queue.enqueue({ type: 'integrity.focus_lost' });
    expect(b.clientSeq).toBeGreaterThan(a.clientSeq);
    expect(await queue.flush()).toBe(true);
    expect(server.batches).toHaveLength(1);
    expect([...server.stored.values()].map((event) => event.type)).toEqual([
      'integrity.paste',
      'integrity.focus_lost',
    ]);
    expect(queue.pending()).toHaveLength(0);
  });

  it('keeps events through failures, backs off, and delivers each exactly once', async () => {
    const { queue, server, advance } = setup({ baseBackoffMs: 1_000 });
    queue.enqueue({ type: 'integrity.paste', data: { chars: 1 } });
    server.failTimes(2);
    expect(await queue.flush()).toBe(false);
    expect(queue.status()).toMatchObject({ pending: 1, failures: 1, lastError: 'Failed to fetch' });
    // Within the backoff nothing is sent.
    expect(await queue.flush()).toBe(false);
    expect(server.batches).toHaveLength(1);
    advance(1_000);
    expect(await queue.flush()).toBe(false);
    expect(queue.status().failures).toBe(2);
    queue.enqueue({ type: 'integrity.focus_lost' });
    advance(1_999);
    expect(await queue.flush()).toBe(false);
    advance(1);
    expect(await queue.flush()).toBe(true);
    expect(server.stored.size).toBe(2);
    expect(queue.status()).toEqual({ pending: 0, failures: 0 });
  });

  it('a forced flush ignores the backoff (the browser came back online)', async () => {
    const { queue, server } = setup();
    queue.enqueue({ type: 'ui.x' });
    server.failTimes(1);
    await queue.flush();
    expect(await queue.flush({ force: true })).toBe(true);
  });

  it('survives a reload: a new queue on the same storage resends pending events and continues the numbering', async () => {
    const { queue, server, storage, options } = setup();
    const first = queue.enqueue({ type: 'integrity.paste', data: { chars: 3 } });
    server.failTimes(1);
    await queue.flush();
    // The page reloads: a new queue reads the same storage.
    const reloaded = createEventQueue({ ...options, storage });
    expect(reloaded.pending().map((event) => event.clientSeq)).toEqual([first.clientSeq]);
    const next = reloaded.enqueue({ type: 'integrity.focus_gained', data: { awayMs: 10 } });
    expect(next.clientSeq).toBeGreaterThan(first.clientSeq);
    expect(await reloaded.flush({ force: true })).toBe(true);
    expect([...server.stored.keys()]).toEqual([first.clientSeq, next.clientSeq]);
  });

  it('a batch resent after a lost response is stored once by the server', async () => {
    const server = fakeServer();
    let lose = true;
    const { queue } = setup({
      send: async (events) => {
        await server.send(events);
        if (lose) {
          lose = false;
          throw new TypeError('response lost');
        }
      },
    });
    queue.enqueue({ type: 'integrity.paste', data: { chars: 5 } });
    await queue.flush();
    await queue.flush({ force: true });
    expect(server.batches).toHaveLength(2);
    expect(server.stored.size).toBe(1);
  });

  it('splits into batches of at most maxBatchEvents, oldest first', async () => {
    const { queue, server } = setup({ maxBatchEvents: 500 });
    for (let i = 0; i < 1_201; i++) queue.enqueue({ type: 'ui.tick', data: { i } });
    expect(await queue.flush()).toBe(false);
    expect(await queue.flush()).toBe(false);
    expect(await queue.flush()).toBe(true);
    expect(server.batches.map((batch) => batch.length)).toEqual([500, 500, 201]);
    const seqs = server.batches.flat().map((event) => event.clientSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('keeps keepalive batches under the keepalive size limit', async () => {
    const { queue, server } = setup();
    for (let i = 0; i < 200; i++) queue.enqueue({ type: 'ui.tick', data: { text: 'x'.repeat(1_000) } });
    await queue.flush({ keepalive: true });
    const sent = server.batches[0] ?? [];
    expect(sent.length).toBeGreaterThan(0);
    expect(JSON.stringify({ events: sent }).length).toBeLessThanOrEqual(60 * 1024);
  });

  it('drops events the server will never accept and carries on', async () => {
    const dropped: QueuedEvent[] = [];
    const { queue } = setup({
      send: async () => {
        throw Object.assign(new Error('This interview has ended'), { status: 409 });
      },
      classifyFailure: () => ({ kind: 'drop', reason: 'ended' }),
      onDrop: (events) => dropped.push(...events),
    });
    queue.enqueue({ type: 'integrity.focus_lost' });
    expect(await queue.flush()).toBe(false);
    expect(dropped).toHaveLength(1);
    expect(queue.status()).toMatchObject({ pending: 0, failures: 0 });
  });

  it('shares one send between concurrent flushes', async () => {
    let release: () => void = () => {};
    let sends = 0;
    const { queue } = setup({
      send: () => {
        sends += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    queue.enqueue({ type: 'ui.a' });
    const one = queue.flush();
    const two = queue.flush();
    release();
    expect(await one).toBe(true);
    expect(await two).toBe(true);
    expect(sends).toBe(1);
  });

  it('does not send oversized event data', () => {
    const { queue } = setup();
    const event = queue.enqueue({ type: 'ui.big', data: { text: 'x'.repeat(20_000) } });
    expect(event.data).toEqual({ truncated: true });
  });

  it('starts from an empty queue when storage holds garbage', () => {
    const storage = memoryStorage();
    storage.setItem('q', '{not json');
    const queue = createEventQueue({ storage, storageKey: 'q', send: async () => {} });
    expect(queue.pending()).toEqual([]);
  });
});
