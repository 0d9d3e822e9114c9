/**
 * The one HTTP client of the recruiter and operator pages. Cookies go with every request; cookie
 * mutations carry the session's CSRF token (`x-csrf-token`), which sign-in answers with and
 * `GET /api/auth/me` hands out again on every load (endpoints.ts), kept in localStorage so that
 * tabs share the latest sign-in's token; failures become ApiErrors (errors.ts); a 401 on a member call
 * hands over to `onUnauthorized` (the app goes to the sign-in page). Operator calls may use an
 * OPERATOR_TOKEN kept for this tab instead of a platform operator's sign-in.
 */
import { ApiError, networkError, toApiError } from './errors.ts';

/** The header the server checks on cookie-authenticated mutations. */
export const CSRF_HEADER = 'x-csrf-token';
const CSRF_KEY = 'interviewlm.csrf';
const OPERATOR_TOKEN_KEY = 'interviewlm.operator-token';

/** A string store (localStorage, sessionStorage, or a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Query values; undefined and empty strings are left out. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/** Per-request options. */
export interface RequestOptions {
  query?: Query;
  signal?: AbortSignal;
  /** `throw` (sign-in, who-am-I) leaves a 401 to the caller; default `redirect`. */
  on401?: 'redirect' | 'throw';
  headers?: Record<string, string>;
}

/** Options of `createApiClient`. */
export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Keeps the CSRF token across reloads and tabs. */
  storage?: KeyValueStore;
  /** Keeps an operator token for this tab only. */
  sessionStorage?: KeyValueStore;
  /** Called on a 401 of a member call (after the CSRF token is forgotten). */
  onUnauthorized?: (error: ApiError) => void;
}

/** Builds a query string (`?a=1&b=x`), or '' when nothing is set. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

function browserStore(kind: 'localStorage' | 'sessionStorage'): KeyValueStore {
  try {
    const store = typeof window === 'undefined' ? undefined : window[kind];
    if (store) {
      store.getItem(CSRF_KEY);
      return store;
    }
  } catch {
    // Storage can be disabled (private modes, policies): keep the token in memory instead.
  }
  return memoryStore();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Creates a client; the app uses the shared `api` below, tests create their own. */
export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const storage = options.storage ?? browserStore('localStorage');
  const tabStorage = options.sessionStorage ?? browserStore('sessionStorage');
  let onUnauthorized = options.onUnauthorized;

  async function request<T>(
    method: string,
    path: string,
    body: { json: unknown } | { text: string; contentType: string } | undefined,
    requestOptions: RequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...requestOptions.headers };
    let payload: string | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json ?? {});
    } else if (body) {
      headers['content-type'] = body.contentType;
      payload = body.text;
    }
    const csrf = storage.getItem(CSRF_KEY);
    if (!SAFE_METHODS.has(method) && csrf) headers[CSRF_HEADER] = csrf;
    const operatorToken = tabStorage.getItem(OPERATOR_TOKEN_KEY);
    if (operatorToken && path.startsWith('/api/admin/')) headers.authorization = `Bearer ${operatorToken}`;

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}${toQueryString(requestOptions.query)}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(payload !== undefined ? { body: payload } : {}),
        ...(requestOptions.signal ? { signal: requestOptions.signal } : {}),
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw networkError(cause);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = toApiError(response.status, parsed, response.headers.get('retry-after'));
      if (response.status === 401 && (requestOptions.on401 ?? 'redirect') === 'redirect') {
        storage.removeItem(CSRF_KEY);
        onUnauthorized?.(error);
      }
      throw error;
    }
    if (text && parsed === undefined) {
      throw new ApiError({
        status: response.status,
        code: 'BAD_RESPONSE',
        message: 'The server answered with something that is not JSON (a proxy in between?)',
      });
    }
    return parsed as T;
  }

  return {
    get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
    post: <T>(path: string, json?: unknown, opts?: RequestOptions) =>
      request<T>('POST', path, { json }, opts),
    patch: <T>(path: string, json: unknown, opts?: RequestOptions) =>
      request<T>('PATCH', path, { json }, opts),
    delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
    /** A POST with a text body (e.g. `text/csv`). */
    postText: <T>(path: string, text: string, contentType: string, opts?: RequestOptions) =>
      request<T>('POST', path, { text, contentType }, opts),
    /** Remembers the session's CSRF token (from sign-in or GET /api/auth/me; null forgets it). */
    setCsrfToken(token: string | null) {
      if (token) storage.setItem(CSRF_KEY, token);
      else storage.removeItem(CSRF_KEY);
    },
    hasCsrfToken: () => storage.getItem(CSRF_KEY) !== null,
    /** An OPERATOR_TOKEN for the operator pages of this tab (null forgets it). */
    setOperatorToken(token: string | null) {
      if (token) tabStorage.setItem(OPERATOR_TOKEN_KEY, token);
      else tabStorage.removeItem(OPERATOR_TOKEN_KEY);
    },
    hasOperatorToken: () => tabStorage.getItem(OPERATOR_TOKEN_KEY) !== null,
    /** Sets who handles a 401 (the app shell, once it is mounted). */
    setUnauthorizedHandler(handler: ((error: ApiError) => void) | undefined) {
      onUnauthorized = handler;
    },
  };
}

/** The client type. */
export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's shared client (same origin: the API serves the app, or Vite proxies to it). */
export const api: ApiClient = createApiClient();
