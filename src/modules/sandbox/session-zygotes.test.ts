import { afterEach, describe, expect, it } from 'vitest';
import { createSessionZygotes, type SessionZygotes, type ZygoteHandle } from './session-zygotes.ts';

interface FakeZygote extends ZygoteHandle {
  id: number;
  retired: boolean;
  dead: boolean;
  running: boolean;
}

function setup(options: { spares?: number; maxSessions?: number; idleMs?: number } = {}) {
  let clock = 0;
  let started = 0;
  const all: FakeZygote[] = [];
  const zygotes = createSessionZygotes<FakeZygote>({
    start() {
      const zygote: FakeZygote = {
        id: ++started,
        retired: false,
        dead: false,
        running: false,
        alive: () => !zygote.dead && !zygote.retired,
        busy: () => zygote.running,
        retire: () => {
          zygote.retired = true;
        },
      };
      all.push(zygote);
      return zygote;
    },
    spares: options.spares ?? 1,
    maxSessions: options.maxSessions ?? 10,
    idleMs: options.idleMs ?? 60_000,
    now: () => clock,
  });
  /** Takes a zygote and marks it running until `done` is called, as a run would. */
  const run = (sessionId: string) => {
    const zygote = zygotes.take(sessionId);
    if (!zygote) throw new Error(`no zygote for ${sessionId}`);
    zygote.running = true;
    return {
      zygote,
      done: () => {
        zygote.running = false;
        zygotes.release(zygote);
      },
    };
  };
  return {
    zygotes,
    all,
    run,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

let current: SessionZygotes<FakeZygote> | undefined;
afterEach(() => current?.close());

describe('createSessionZygotes', () => {
  it('serves every run of a session from the same zygote, and other sessions from others', () => {
    const { zygotes, run } = setup();
    current = zygotes;
    const first = run('session-a');
    first.done();
    const second = run('session-a');
    second.done();
    const other = run('session-b');
    other.done();
    expect(second.zygote.id).toBe(first.zygote.id);
    expect(other.zygote.id).not.toBe(first.zygote.id);
    expect(first.zygote).toMatchObject({ retired: false });
    expect(zygotes.counts().sessions).toBe(2);
  });

  it("has no zygote for a second run while the session's is busy (the caller runs it one-shot)", () => {
    const { zygotes, run } = setup();
    current = zygotes;
    const first = run('session-a');
    expect(zygotes.take('session-a')).toBeUndefined();
    first.done();
    expect(first.zygote).toMatchObject({ retired: false });
    expect(run('session-a').zygote.id).toBe(first.zygote.id);
  });

  it('replaces a session zygote that died (a run timed out or overran its output)', () => {
    const { zygotes, run } = setup();
    current = zygotes;
    const first = run('session-a');
    first.zygote.dead = true;
    first.done();
    expect(first.zygote).toMatchObject({ retired: true });
    const next = run('session-a');
    expect(next.zygote.id).not.toBe(first.zygote.id);
    expect({ alive: next.zygote.alive(), retired: next.zygote.retired }).toEqual({
      alive: true,
      retired: false,
    });
  });

  it('retires a session zygote idle for longer than idleMs, never a busy one', () => {
    const { zygotes, run, advance } = setup({ idleMs: 1_000 });
    current = zygotes;
    const idle = run('idle');
    idle.done();
    const busy = run('busy');
    advance(999);
    zygotes.retireIdle();
    expect(idle.zygote).toMatchObject({ retired: false });
    advance(5_000);
    zygotes.retireIdle();
    expect(idle.zygote).toMatchObject({ retired: true });
    expect(busy.zygote).toMatchObject({ retired: false });
    expect(zygotes.counts().sessions).toBe(1);
    busy.done();
    expect(run('busy').zygote.id).toBe(busy.zygote.id);
  });

  it('binds at most maxSessions: the least recently used idle one goes first', () => {
    const { zygotes, run, advance } = setup({ maxSessions: 2, idleMs: 3_600_000 });
    current = zygotes;
    const a = run('a');
    a.done();
    advance(10);
    const b = run('b');
    b.done();
    advance(10);
    run('a').done(); // a is now more recent than b
    advance(10);
    const c = run('c');
    c.done();
    expect(b.zygote).toMatchObject({ retired: true });
    expect(a.zygote).toMatchObject({ retired: false });
    expect(zygotes.counts().sessions).toBe(2);
    expect(run('a').zygote.id).toBe(a.zygote.id);
  });

  it('when every bound zygote is busy, a new session gets none (the caller runs it one-shot)', () => {
    const { zygotes, run } = setup({ maxSessions: 1 });
    current = zygotes;
    const a = run('a');
    expect(zygotes.take('b')).toBeUndefined();
    a.done();
    expect(a.zygote).toMatchObject({ retired: false });
    expect(run('b').zygote.id).not.toBe(a.zygote.id);
    expect(a.zygote).toMatchObject({ retired: true });
  });

  it('keeps spares started ahead of need and retires everything on close', async () => {
    const { zygotes, all, run } = setup({ spares: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(zygotes.counts().spares).toBe(2);
    const a = run('a');
    a.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(zygotes.counts().spares).toBe(2);
    zygotes.close();
    expect(all.filter((zygote) => !zygote.retired).map((zygote) => zygote.id)).toEqual([]);
  });
});
