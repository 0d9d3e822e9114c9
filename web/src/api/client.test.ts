import { describe, expect, it, vi } from 'vitest';
import { createApiClient, type KeyValueStore, toQueryString } from './client.ts';
import { createEndpoints } from './endpoints.ts';
import { ApiError } from './errors.ts';

function store(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function setup(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const onUnauthorized = vi.fn();
  const client = createApiClient({
    fetch: async (input, init = {}) => {
      calls.push({ url: String(input), init });
      return respond(String(input), init);
    },
    storage: store(),
    sessionStorage: store(),
    onUnauthorized,
  });
  return { client, calls, onUnauthorized };
}

const header = (init: RequestInit, name: string) => (init.headers as Record<string, string>)[name];

describe('api client', () => {
  it('sends the CSRF token on mutations only, and JSON bodies', async () => {
    const { client, calls } = setup(() => json(200, { success: true }));
    client.setCsrfToken('csrf-1');
    await client.get('/api/assessments', {
      query: { status: 'draft', search: '', limit: 25, cursor: undefined },
    });
    await client.post('/api/assessments', { title: 'T' });
    await client.delete('/api/api-keys/1');
    expect(calls[0]?.url).toBe('/api/assessments?status=draft&limit=25');
    expect(header(calls[0]?.init ?? {}, 'x-csrf-token')).toBeUndefined();
    expect(header(calls[1]?.init ?? {}, 'x-csrf-token')).toBe('csrf-1');
    expect(header(calls[1]?.init ?? {}, 'content-type')).toBe('application/json');
    expect(calls[1]?.init.body).toBe('{"title":"T"}');
    expect(header(calls[2]?.init ?? {}, 'x-csrf-token')).toBe('csrf-1');
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('hands a 401 to the sign-in handler and forgets the CSRF token', async () => {
    const { client, onUnauthorized } = setup(() =>
      json(401, { success: false, error: { code: 'UNAUTHORIZED', message: 'Sign in first' } }),
    );
    client.setCsrfToken('csrf-1');
    await expect(client.get('/api/dashboard')).rejects.toMatchObject({
      status: 401,
      message: 'Sign in first',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(client.hasCsrfToken()).toBe(false);
  });

  it('leaves a 401 to the caller when asked (a wrong password is not a redirect)', async () => {
    const { client, onUnauthorized } = setup(() =>
      json(401, { success: false, error: { code: 'UNAUTHORIZED', message: 'Email or password is wrong' } }),
    );
    await expect(client.post('/api/auth/signin', {}, { on401: 'throw' })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns a network failure into a status-0 ApiError', async () => {
    const { client } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('refuses a success that is not JSON (an HTML page from a proxy)', async () => {
    const { client } = setup(() => new Response('<html>login</html>', { status: 200 }));
    await expect(client.get('/api/health')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('sends the operator token to admin routes only', async () => {
    const { client, calls } = setup(() => json(200, { success: true }));
    client.setOperatorToken('op-secret');
    await client.get('/api/admin/dlq');
    await client.get('/api/dashboard');
    expect(header(calls[0]?.init ?? {}, 'authorization')).toBe('Bearer op-secret');
    expect(header(calls[1]?.init ?? {}, 'authorization')).toBeUndefined();
  });

  it('builds query strings without empty values', () => {
    expect(toQueryString({ a: 1, b: '', c: undefined, d: null, e: false })).toBe('?a=1&e=false');
    expect(toQueryString({})).toBe('');
  });

  it('takes the CSRF token from GET /api/auth/me, so a reloaded page can make mutations', async () => {
    // A fresh page: nothing stored, only the session cookie (which the browser sends by itself).
    const { client, calls } = setup((url) =>
      url === '/api/auth/me'
        ? json(200, {
            success: true,
            user: { id: 'u', email: 'a@b.c', name: 'A', isPlatformAdmin: false },
            organization: null,
            memberships: [],
            permissions: [],
            assignableRoles: [],
            csrfToken: 'csrf-from-me',
          })
        : json(200, { success: true }),
    );
    expect(client.hasCsrfToken()).toBe(false);
    await createEndpoints(client).auth.me();
    expect(client.hasCsrfToken()).toBe(true);
    await client.post('/api/assessments', { title: 'T' });
    expect(header(calls[1]?.init ?? {}, 'x-csrf-token')).toBe('csrf-from-me');
  });
});
