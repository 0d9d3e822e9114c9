/**
 * The load generator's HTTP client: node:http over one keep-alive agent (much less CPU per request
 * than fetch, which matters when the generator shares two cores with the server), with a socket
 * per simulated browser so no request queues inside the client. It never throws: a transport
 * failure or a timeout comes back as status 0 with the reason, so the caller can count and retry.
 */
import http from 'node:http';

/** One answer as the caller sees it; `ms` is from the call to the last byte. */
export interface HttpResult {
  status: number;
  text: string;
  ms: number;
  /** Set when no HTTP answer arrived (connection refused or reset, timeout). */
  transportError?: string;
}

/** A streamed (text/event-stream) answer read to its end. */
export interface SseResult extends HttpResult {
  /** Time to the first SSE frame (the candidate sees the answer start); NaN when none came. */
  firstEventMs: number;
  /** The `event:` name of every frame, in order. */
  events: string[];
  /** The data of the last `error` frame, if any. */
  errorData?: string;
}

export interface LoadHttpClient {
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<HttpResult>;
  /** POSTs `body` and reads the SSE answer to its end. A JSON error answer comes back as is. */
  stream(
    path: string,
    options: { body: unknown; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<SseResult>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createLoadHttpClient(baseUrl: string, sockets: number): LoadHttpClient {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

  function send(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
    onResponse: (response: http.IncomingMessage, startedAt: number) => Promise<HttpResult>,
  ): Promise<HttpResult> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const startedAt = performance.now();
    return new Promise<HttpResult>((resolve) => {
      let settled = false;
      const finish = (result: HttpResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const failed = (reason: string) =>
        finish({ status: 0, text: '', ms: performance.now() - startedAt, transportError: reason });
      const request = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: {
            ...options.headers,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          onResponse(response, startedAt).then(finish, (error: unknown) => failed(String(error)));
        },
      );
      // A whole-request deadline, not a socket idle timeout: a stalled answer counts as a failure.
      const timer = setTimeout(() => {
        request.destroy(new Error(`timeout after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`));
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      request.on('close', () => clearTimeout(timer));
      request.on('error', (error: NodeJS.ErrnoException) => failed(error.code ?? error.message));
      request.end(payload);
    });
  }

  const readAll = (response: http.IncomingMessage, startedAt: number) =>
    new Promise<HttpResult>((resolve, reject) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - startedAt,
        }),
      );
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('response aborted')));
    });

  /** Splits the stream into frames as they arrive, so the first frame's time is real. */
  const readEvents = (response: http.IncomingMessage, startedAt: number) => {
    if (!String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      return readAll(response, startedAt).then((result) => ({
        ...result,
        firstEventMs: Number.NaN,
        events: [],
      }));
    }
    return new Promise<SseResult>((resolve, reject) => {
      let buffer = '';
      let firstEventMs = Number.NaN;
      const events: string[] = [];
      let errorData: string | undefined;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // Keep-alive comments (": keep-alive") are not events.
          const name = /^event: (.+)$/m.exec(frame)?.[1];
          if (!name) continue;
          if (events.length === 0) firstEventMs = performance.now() - startedAt;
          events.push(name);
          if (name === 'error') errorData = /^data: (.*)$/m.exec(frame)?.[1];
        }
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          text: '',
          ms: performance.now() - startedAt,
          firstEventMs,
          events,
          ...(errorData !== undefined ? { errorData } : {}),
        }),
      );
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('stream aborted')));
    });
  };

  return {
    request: (method, path, options = {}) => send(method, path, options, readAll),
    async stream(path, options) {
      const result = await send('POST', path, options, readEvents);
      return 'events' in result ? (result as SseResult) : { ...result, firstEventMs: Number.NaN, events: [] };
    },
    close: () => agent.destroy(),
  };
}
