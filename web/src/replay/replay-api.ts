/**
 * The recruiter's replay API over the app's shared client (cookie session; a 401 goes to the
 * sign-in page through the client's handler): the replay document with every page of its
 * timeline, and the files at a seq with a small cache (and one request per seq in flight).
 */
import type { z } from 'zod';
import type { ReplaySchema } from '../../../src/modules/interviews/interviews.schema.ts';
import { type ApiClient, api as sharedClient } from '../api/client.ts';
import type { Report } from '../api/types.ts';
import { createLruCache, type StoredEvent } from './timeline-model.ts';

/** One page of `GET /api/sessions/:id/replay` (the server's contract). */
export type ReplayPage = z.infer<typeof ReplaySchema>;

/** The whole replay: the first page's header and every event. */
export type Replay = Omit<ReplayPage, 'timeline' | 'nextAfter'> & { events: StoredEvent[] };

/** A file at a seq. */
export interface ReplayFile {
  path: string;
  content: string;
}

/** Options of `createReplayApi`. */
export interface ReplayApiOptions {
  /** The HTTP client; default the app's shared one. */
  client?: Pick<ApiClient, 'get'>;
  /** Files kept for this many distinct seqs. */
  cacheSize?: number;
}

/** The replay client. */
export type ReplayApi = ReturnType<typeof createReplayApi>;

/** Creates the replay client. */
export function createReplayApi(options: ReplayApiOptions = {}) {
  const client = options.client ?? sharedClient;
  const cache = createLruCache<string, ReplayFile[]>(options.cacheSize ?? 40);
  const inFlight = new Map<string, Promise<ReplayFile[]>>();
  const get = <T>(path: string, query?: Record<string, number>, signal?: AbortSignal): Promise<T> =>
    client.get<T>(path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });

  return {
    /** Loads the replay and all of its timeline pages; `onProgress` hears the events loaded so far. */
    async loadReplay(
      sessionId: string,
      hooks: { signal?: AbortSignal; onProgress?(loaded: number, total: number): void } = {},
    ): Promise<Replay> {
      const id = encodeURIComponent(sessionId);
      const first = await get<ReplayPage>(`/api/sessions/${id}/replay`, undefined, hooks.signal);
      const events = [...first.timeline];
      let after = first.nextAfter;
      hooks.onProgress?.(events.length, first.session.lastEventSeq);
      // Each page continues after the last seq seen; a repeated cursor would loop forever, so stop on it.
      while (after !== null) {
        const page = await get<ReplayPage>(`/api/sessions/${id}/replay`, { after }, hooks.signal);
        events.push(...page.timeline);
        hooks.onProgress?.(events.length, first.session.lastEventSeq);
        if (page.nextAfter !== null && page.nextAfter <= after) break;
        after = page.nextAfter;
      }
      events.sort((a, b) => a.seq - b.seq);
      const { timeline: _timeline, nextAfter: _next, ...header } = first;
      return { ...header, events };
    },

    /** The interview session of a candidate (from their report), or null before they start. */
    async sessionOfCandidate(candidateId: string, signal?: AbortSignal): Promise<string | null> {
      const body = await get<{ report: Pick<Report, 'session'> }>(
        `/api/candidates/${encodeURIComponent(candidateId)}/report`,
        undefined,
        signal,
      );
      return body.report.session?.id ?? null;
    },

    /** The files right after event `seq` (0: before anything, no files). */
    filesAt(sessionId: string, seq: number): Promise<ReplayFile[]> {
      if (seq <= 0) return Promise.resolve([]);
      const key = `${sessionId}:${seq}`;
      const cached = cache.get(key);
      if (cached) return Promise.resolve(cached);
      const running = inFlight.get(key);
      if (running) return running;
      const request = get<{ seq: number; files: ReplayFile[] }>(
        `/api/sessions/${encodeURIComponent(sessionId)}/files`,
        { seq },
      )
        .then((body) => {
          cache.set(key, body.files);
          return body.files;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, request);
      return request;
    },

    /** Files already loaded for `seq`, without a request. */
    cachedFilesAt(sessionId: string, seq: number): ReplayFile[] | undefined {
      if (seq <= 0) return [];
      return cache.get(`${sessionId}:${seq}`);
    },
  };
}
