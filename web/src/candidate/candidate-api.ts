/**
 * The candidate side of the interview API. The credential from `POST /api/interview/start/:token`
 * is kept in sessionStorage per invitation token, so a reload resumes without asking again; when
 * it is missing, starting again with the token resumes the same session (and issues a new
 * credential, which retires the old one: a second window then gets 401 and can take over).
 * Errors are the app's `ApiError`s (web/src/api/errors.ts) with the server's status, code and
 * message; a network failure has status 0. No DOM beyond `fetch`, injected for tests.
 */
import { ApiError, networkError, toApiError } from '../api/errors.ts';
import type { KeyValueStorage, QueuedEvent } from './event-queue.ts';
import type {
  AssistantConversation,
  InterviewIntro,
  InterviewState,
  Language,
  RunResult,
  StartResponse,
  SubmitOutcome,
} from './types.ts';

export { ApiError };

/** True when trying again later may work: network, timeouts, rate limits, 5xx, and 401 (another window). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return (
    error.status === 0 ||
    error.status === 401 ||
    error.status === 408 ||
    error.status === 429 ||
    error.status >= 500
  );
}

/** Reads a failed response into the app's ApiError (the server's `{ success:false, error }` body). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let parsed: unknown;
  try {
    const text = await response.text();
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return toApiError(response.status, parsed, response.headers.get('retry-after'));
}

const notStarted = () =>
  new ApiError({
    status: 401,
    code: 'UNAUTHORIZED',
    message: 'The interview has not been started in this window',
  });

/** The stored session of an invitation. */
export interface StoredSession {
  sessionId: string;
  credential: string;
}

/** Options of `createCandidateApi`. */
export interface CandidateApiOptions {
  token: string;
  /** Origin and prefix of the API, '' for the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  storage?: KeyValueStorage;
  /** Each request's reachability: false on a network failure, true on any answer. */
  onConnectivity?(online: boolean): void;
  /** A request was refused with 401: another window took the interview over (or the link was reopened). */
  onUnauthorized?(): void;
}

/** The storage key of an invitation's session. */
export const sessionStorageKey = (token: string): string => `interviewlm.interview.${token}`;

/** The candidate API client. */
export type CandidateApi = ReturnType<typeof createCandidateApi>;

/** Creates the client for one invitation. */
export function createCandidateApi(options: CandidateApiOptions) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const storage = options.storage;
  const key = sessionStorageKey(options.token);
  const tokenPath = encodeURIComponent(options.token);

  const readStored = (): StoredSession | null => {
    try {
      const raw = storage?.getItem(key);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<StoredSession>;
      return typeof parsed.sessionId === 'string' && typeof parsed.credential === 'string'
        ? { sessionId: parsed.sessionId, credential: parsed.credential }
        : null;
    } catch {
      return null;
    }
  };
  let session = readStored();

  const send = async (path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.auth !== false) {
      if (!session) throw notStarted();
      headers.set('authorization', `Bearer ${session.credential}`);
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { ...init, headers });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      options.onConnectivity?.(false);
      throw networkError(error);
    }
    options.onConnectivity?.(true);
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (response.status === 401 && init.auth !== false) options.onUnauthorized?.();
      throw error;
    }
    return response;
  };

  const json = async <T>(
    path: string,
    init: Omit<RequestInit, 'body'> & { auth?: boolean; body?: unknown } = {},
  ): Promise<T> => {
    const { body, ...rest } = init;
    const headers = new Headers(rest.headers);
    let payload: BodyInit | undefined;
    // Fastify refuses an empty body sent as JSON: only set the type when there is a body.
    if (body !== undefined) {
      headers.set('content-type', 'application/json');
      payload = JSON.stringify(body);
    }
    const response = await send(path, {
      ...rest,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    return (await response.json()) as T;
  };

  const sessionPath = (suffix = ''): string => {
    if (!session) throw notStarted();
    return `/api/interview/${session.sessionId}${suffix}`;
  };

  return {
    /** The session this window holds, if any. */
    session: (): StoredSession | null => session,

    /** The intro of the invitation (no credential needed). */
    intro: () => json<InterviewIntro>(`/api/interview/start/${tokenPath}`, { auth: false }),

    /** Consents and starts, or resumes the existing session; stores the new credential. */
    async start(language?: Language): Promise<StartResponse> {
      const started = await json<StartResponse>(`/api/interview/start/${tokenPath}`, {
        method: 'POST',
        auth: false,
        body: { consent: true, ...(language ? { language } : {}) },
      });
      session = { sessionId: started.sessionId, credential: started.credential };
      try {
        storage?.setItem(key, JSON.stringify(session));
      } catch {
        // Storage blocked: this page still works; a reload resumes through the token.
      }
      return started;
    },

    state: async () => json<InterviewState>(sessionPath()),

    readFile: async (path: string) =>
      json<{ path: string; content: string }>(sessionPath(`/file?path=${encodeURIComponent(path)}`)),

    writeFile: async (path: string, content: string, createOnly = false) =>
      json<{ path: string; seq: number; changed: boolean }>(sessionPath('/file'), {
        method: 'PUT',
        body: { path, content, ...(createOnly ? { createOnly: true } : {}) },
      }),

    renameFile: async (from: string, to: string) =>
      json<{ path: string; seq: number }>(sessionPath('/file/rename'), {
        method: 'POST',
        body: { from, to },
      }),

    deleteFile: async (path: string) =>
      json<{ seq: number }>(sessionPath(`/file?path=${encodeURIComponent(path)}`), { method: 'DELETE' }),

    runTests: async () => json<RunResult>(sessionPath('/run'), { method: 'POST' }),

    submit: async (questionId: string | undefined) =>
      json<SubmitOutcome>(sessionPath('/submit'), { method: 'POST', body: questionId ? { questionId } : {} }),

    finish: async (questionId: string | undefined) =>
      json<SubmitOutcome>(sessionPath('/finish'), { method: 'POST', body: questionId ? { questionId } : {} }),

    sendEvents: async (events: QueuedEvent[], sendOptions: { keepalive?: boolean } = {}) => {
      await json<{ accepted: number; duplicates: number; lastSeq: number }>(sessionPath('/events/batch'), {
        method: 'POST',
        body: { events },
        keepalive: Boolean(sendOptions.keepalive),
      });
    },

    /** Starts a chat turn; the caller reads the SSE body. Refusals (401/403/409/429) throw before. */
    chat: async (message: string, signal?: AbortSignal) =>
      send(sessionPath('/chat'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ message }),
        ...(signal ? { signal } : {}),
      }),

    conversation: async () => json<AssistantConversation & { success: true }>(sessionPath('/chat')),

    /** The terminal's WebSocket URL and subprotocols (the credential rides as the second one). */
    terminal(location: { protocol: string; host: string }): { url: string; protocols: string[] } {
      if (!session) throw notStarted();
      const origin = base
        ? base.replace(/^http/, 'ws')
        : `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
      return {
        url: `${origin}/api/interview/${session.sessionId}/terminal`,
        protocols: ['interviewlm', session.credential],
      };
    },
  };
}
