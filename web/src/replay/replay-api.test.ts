import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client.ts';
import { createReplayApi } from './replay-api.ts';
import type { StoredEvent } from './timeline-model.ts';

const SESSION = '2747dd60-d4ef-450b-9dfa-fa394938b485';
const header = {
  session: {
    id: SESSION,
    candidateId: SESSION,
    assessmentId: SESSION,
    status: 'completed',
    language: 'python',
    startedAt: '2026-11-29T06:00:00Z',
    deadlineAt: '2026-11-29T06:30:00Z',
    completedAt: '2026-11-29T06:20:00Z',
    lastEventSeq: 5,
    theta: 0.2,
    thetaSe: 0.8,
  },
  questions: [],
  snapshots: [],
};
const event = (seq: number): StoredEvent => ({
  seq,
  clientSeq: null,
  ts: '2026-11-29T06:00:00Z',
  type: 'file.changed',
  origin: 'candidate',
  questionId: null,
  filePath: 'a.py',
  data: {},
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createReplayApi', () => {
  it('follows nextAfter through every page', async () => {
    const urls: string[] = [];
    const api = createReplayApi({
      client: createApiClient({
        fetch: (async (input: RequestInfo | URL) => {
          const url = String(input);
          urls.push(url);
          if (!url.includes('after='))
            return json(200, { ...header, timeline: [event(1), event(2)], nextAfter: 2 });
          if (url.includes('after=2'))
            return json(200, { ...header, timeline: [event(3), event(4)], nextAfter: 4 });
          return json(200, { ...header, timeline: [event(5)], nextAfter: null });
        }) as typeof fetch,
      }),
    });
    const progress: number[] = [];
    const replay = await api.loadReplay(SESSION, { onProgress: (loaded) => progress.push(loaded) });
    expect(replay.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(urls).toEqual([
      `/api/sessions/${SESSION}/replay`,
      `/api/sessions/${SESSION}/replay?after=2`,
      `/api/sessions/${SESSION}/replay?after=4`,
    ]);
    expect(progress).toEqual([2, 4, 5]);
    expect(replay.session.theta).toBe(0.2);
  });

  it('caches files per seq and shares a request in flight', async () => {
    let calls = 0;
    const api = createReplayApi({
      client: createApiClient({
        fetch: (async () => {
          calls += 1;
          return json(200, { seq: 4, files: [{ path: 'a.py', content: 'x' }] });
        }) as typeof fetch,
      }),
    });
    const [one, two] = await Promise.all([api.filesAt(SESSION, 4), api.filesAt(SESSION, 4)]);
    expect(one).toEqual([{ path: 'a.py', content: 'x' }]);
    expect(two).toBe(one);
    await api.filesAt(SESSION, 4);
    expect(calls).toBe(1);
    expect(api.cachedFilesAt(SESSION, 4)).toBe(one);
    expect(await api.filesAt(SESSION, 0)).toEqual([]);
  });

  it('finds the session of a candidate through the report', async () => {
    const urls: string[] = [];
    const api = createReplayApi({
      client: createApiClient({
        fetch: (async (input: RequestInfo | URL) => {
          urls.push(String(input));
          return String(input).includes('c-started')
            ? json(200, { success: true, report: { session: { id: SESSION } } })
            : json(200, { success: true, report: { session: null } });
        }) as typeof fetch,
      }),
    });
    expect(await api.sessionOfCandidate('c-started')).toBe(SESSION);
    expect(await api.sessionOfCandidate('c-invited')).toBeNull();
    expect(urls[0]).toBe('/api/candidates/c-started/report');
  });

  it('reports a signed-out recruiter as a 401 ApiError', async () => {
    let redirected = 0;
    const api = createReplayApi({
      client: createApiClient({
        fetch: (async () =>
          json(401, {
            success: false,
            error: { code: 'UNAUTHORIZED', message: 'Sign in first' },
          })) as typeof fetch,
        onUnauthorized: () => {
          redirected += 1;
        },
      }),
    });
    await expect(api.loadReplay(SESSION)).rejects.toMatchObject({ status: 401, message: 'Sign in first' });
    expect(redirected).toBe(1);
  });
});
