/**
 * A browser-like HTTP client for tests against a running platform: keeps the session cookie,
 * picks up the CSRF token from answers that carry one, and sends it on mutations.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, each test checks the fields it reads
type Json = any;

export function createBrowserClient(base: string) {
  let cookie = '';
  let csrfToken = '';
  return {
    get cookie() {
      return cookie;
    },
    get csrfToken() {
      return csrfToken;
    },
    /** `body` is the parsed JSON answer, or `{ text }` when the answer is not JSON. */
    async request(method: string, pathName: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${base}${pathName}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
          ...(csrfToken && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0] ?? '';
      const text = await response.text();
      let json: Json = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        json = { text };
      }
      if (typeof json.csrfToken === 'string') csrfToken = json.csrfToken;
      return { status: response.status, body: json, text };
    },
  };
}
