import { describe, expect, it } from 'vitest';
import { ApiError, createCandidateApi, isTransient, sessionStorageKey } from './candidate-api.ts';
import type { KeyValueStorage } from './event-queue.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const SESSION = '2747dd60-d4ef-450b-9dfa-fa394938b485';

function fakeFetch(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return handler(String(input), init);
  }) as typeof fetch;
  return { fn, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const started = { sessionId: SESSION, credential: 'ilmc_abc', resumed: false, state: { session: {} } };

describe('createCandidateApi', () => {
  it('starts with consent, keeps the credential per token and sends it as a bearer token', async () => {
    const storage = memoryStorage();
    const { fn, calls } = fakeFetch((url) =>
      url.includes('/start/') ? json(201, started) : json(200, { ok: 1 }),
    );
    const api = createCandidateApi({ token: 'tok/1', fetch: fn, storage });
    await api.start('python');
    expect(calls[0]?.url).toBe('/api/interview/start/tok%2F1');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ consent: true, language: 'python' });
    expect(JSON.parse(storage.data.get(sessionStorageKey('tok/1')) ?? '')).toEqual({
      sessionId: SESSION,
      credential: 'ilmc_abc',
    });
    await api.state();
    expect(calls[1]?.url).toBe(`/api/interview/${SESSION}`);
    expect(new Headers(calls[1]?.init.headers).get('authorization')).toBe('Bearer ilmc_abc');
    // A reload: a new client on the same storage resumes without starting again.
    const reloaded = createCandidateApi({ token: 'tok/1', fetch: fn, storage });
    expect(reloaded.session()).toEqual({ sessionId: SESSION, credential: 'ilmc_abc' });
  });

  it('sends no JSON content type on a bodyless POST (the server refuses an empty JSON body)', async () => {
    const storage = memoryStorage();
    storage.setItem(sessionStorageKey('t'), JSON.stringify({ sessionId: SESSION, credential: 'c' }));
    const { fn, calls } = fakeFetch(() => json(200, { runId: 'r' }));
    const api = createCandidateApi({ token: 't', fetch: fn, storage });
    await api.runTests();
    expect(calls[0]?.init.method).toBe('POST');
    expect(new Headers(calls[0]?.init.headers).has('content-type')).toBe(false);
    expect(calls[0]?.init.body).toBeUndefined();
    await api.submit('q1');
    expect(new Headers(calls[1]?.init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ questionId: 'q1' });
  });

  it('turns error bodies into ApiErrors and reports a 401', async () => {
    const storage = memoryStorage();
    storage.setItem(sessionStorageKey('t'), JSON.stringify({ sessionId: SESSION, credential: 'old' }));
    let unauthorized = 0;
    const { fn } = fakeFetch(() =>
      json(401, {
        success: false,
        error: { code: 'UNAUTHORIZED', message: 'open your invitation link again' },
      }),
    );
    const api = createCandidateApi({ token: 't', fetch: fn, storage, onUnauthorized: () => unauthorized++ });
    const error = await api.state().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'open your invitation link again',
    });
    expect(unauthorized).toBe(1);
  });

  it('reads Retry-After on a 429', async () => {
    const storage = memoryStorage();
    storage.setItem(sessionStorageKey('t'), JSON.stringify({ sessionId: SESSION, credential: 'c' }));
    const { fn } = fakeFetch(() =>
      json(
        429,
        { success: false, error: { code: 'RATE_LIMITED', message: 'slow down' } },
        { 'retry-after': '7' },
      ),
    );
    const api = createCandidateApi({ token: 't', fetch: fn, storage });
    await expect(api.runTests()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 7 });
  });

  it('reports a network failure as status 0 and connectivity lost, then regained', async () => {
    const storage = memoryStorage();
    storage.setItem(sessionStorageKey('t'), JSON.stringify({ sessionId: SESSION, credential: 'c' }));
    const seen: boolean[] = [];
    let fail = true;
    const { fn } = fakeFetch(() => {
      if (fail) throw new TypeError('Failed to fetch');
      return json(200, {});
    });
    const api = createCandidateApi({
      token: 't',
      fetch: fn,
      storage,
      onConnectivity: (online) => seen.push(online),
    });
    const error = (await api.state().catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    fail = false;
    await api.state();
    expect(seen).toEqual([false, true]);
  });

  it('refuses session calls before start', async () => {
    const { fn, calls } = fakeFetch(() => json(200, {}));
    const api = createCandidateApi({ token: 't', fetch: fn });
    await expect(api.state()).rejects.toMatchObject({ status: 401 });
    expect(calls).toHaveLength(0);
  });

  it('builds the terminal URL with the credential as the second subprotocol', async () => {
    const storage = memoryStorage();
    storage.setItem(sessionStorageKey('t'), JSON.stringify({ sessionId: SESSION, credential: 'ilmc_x' }));
    const api = createCandidateApi({ token: 't', storage });
    expect(api.terminal({ protocol: 'https:', host: 'hire.example.com' })).toEqual({
      url: `wss://hire.example.com/api/interview/${SESSION}/terminal`,
      protocols: ['interviewlm', 'ilmc_x'],
    });
  });
});

describe('isTransient', () => {
  it('retries network, 401, 429 and 5xx; not validation or conflicts', () => {
    expect(isTransient(new ApiError({ status: 0, code: 'NETWORK', message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ status: 503, code: 'BUSY', message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ status: 429, code: 'RATE_LIMITED', message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ status: 401, code: 'UNAUTHORIZED', message: '' }))).toBe(true);
    expect(isTransient(new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: '' }))).toBe(false);
    expect(isTransient(new ApiError({ status: 409, code: 'CONFLICT', message: '' }))).toBe(false);
    expect(isTransient(new ApiError({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: '' }))).toBe(false);
  });
});
