import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosaver, type SaveStatus } from './autosave.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const writes: Array<[string, string]> = [];
  const statuses: SaveStatus['kind'][] = [];
  let failures = 0;
  let error: Error = new TypeError('Failed to fetch');
  return {
    writes,
    statuses,
    failNext(n: number, with_: Error = new TypeError('Failed to fetch')) {
      failures = n;
      error = with_;
    },
    save: async (path: string, content: string) => {
      await Promise.resolve();
      if (failures > 0) {
        failures -= 1;
        throw error;
      }
      writes.push([path, content]);
    },
    onStatus: (status: SaveStatus) => statuses.push(status.kind),
  };
}

describe('createAutosaver', () => {
  it('writes once, 800 ms after the last change, with the latest text', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save, onStatus: server.onStatus });
    saver.change('a.py', 'p');
    await vi.advanceTimersByTimeAsync(500);
    saver.change('a.py', 'pr');
    await vi.advanceTimersByTimeAsync(500);
    saver.change('a.py', 'pri');
    expect(server.writes).toEqual([]);
    expect(saver.status().kind).toBe('pending');
    await vi.advanceTimersByTimeAsync(800);
    expect(server.writes).toEqual([['a.py', 'pri']]);
    expect(saver.status().kind).toBe('saved');
    expect(server.statuses).toEqual(['pending', 'saving', 'saved']);
  });

  it('keeps files apart', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save });
    saver.change('a.py', 'A');
    saver.change('b.py', 'B');
    expect([...saver.pendingPaths()].sort()).toEqual(['a.py', 'b.py']);
    await vi.advanceTimersByTimeAsync(800);
    expect(saver.pendingPaths().size).toBe(0);
    expect(server.writes.sort()).toEqual([
      ['a.py', 'A'],
      ['b.py', 'B'],
    ]);
  });

  it('writes a change typed during a write right after it, never two writes of one file at once', async () => {
    let release: () => void = () => {};
    const writes: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const saver = createAutosaver({
      save: async (_path, content) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        concurrent -= 1;
        writes.push(content);
      },
    });
    saver.change('a.py', 'one');
    await vi.advanceTimersByTimeAsync(800);
    saver.change('a.py', 'two');
    await vi.advanceTimersByTimeAsync(800);
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual(['one', 'two']);
    expect(maxConcurrent).toBe(1);
    expect(saver.hasPending()).toBe(false);
  });

  it('shows "offline" and retries with backoff until the write lands', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save, onStatus: server.onStatus, baseRetryMs: 1_000 });
    server.failNext(2);
    saver.change('a.py', 'x');
    await vi.advanceTimersByTimeAsync(800);
    expect(saver.status()).toEqual({ kind: 'offline', message: 'Offline — will retry' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.writes).toEqual([['a.py', 'x']]);
    expect(saver.status().kind).toBe('saved');
  });

  it('keeps the newest text when a failed write is retried', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save, baseRetryMs: 1_000 });
    server.failNext(1);
    saver.change('a.py', 'old');
    await vi.advanceTimersByTimeAsync(800);
    saver.change('a.py', 'new');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.writes).toEqual([['a.py', 'new']]);
  });

  it('flush writes at once and reports success', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save });
    saver.change('a.py', 'now');
    expect(await saver.flush()).toBe(true);
    expect(server.writes).toEqual([['a.py', 'now']]);
    // The debounce timer was cleared: no second write.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.writes).toHaveLength(1);
  });

  it('stops retrying a permanent refusal and reports it until the file changes', async () => {
    const server = recorder();
    const saver = createAutosaver({
      save: server.save,
      classify: (error) => ((error as { status?: number }).status === 413 ? 'fatal' : 'retry'),
    });
    server.failNext(1, Object.assign(new Error('A file may hold at most 256 KiB'), { status: 413 }));
    saver.change('big.txt', 'x');
    expect(await saver.flush()).toBe(false);
    expect(saver.status()).toEqual({
      kind: 'error',
      message: 'A file may hold at most 256 KiB',
      path: 'big.txt',
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.writes).toEqual([]);
    saver.change('big.txt', 'y');
    await vi.advanceTimersByTimeAsync(800);
    expect(server.writes).toEqual([['big.txt', 'y']]);
    expect(saver.status().kind).toBe('saved');
  });

  it('forgets a deleted file', async () => {
    const server = recorder();
    const saver = createAutosaver({ save: server.save });
    saver.change('gone.py', 'x');
    saver.forget('gone.py');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.writes).toEqual([]);
    expect(saver.hasPending()).toBe(false);
  });
});
