import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testLogger } from '../../../test/support/logger.ts';
import { ConflictError } from '../errors.ts';
import { createHttpServer, type HttpServer } from './server.ts';

let app: HttpServer | undefined;

async function serverWithRoutes(rateLimitPerMinute = 1_000): Promise<HttpServer> {
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute,
    version: '9.9.9',
    bodyLimitBytes: 1_024,
  });
  app.post(
    '/items',
    { schema: { body: z.object({ title: z.string().min(1), tags: z.array(z.string()).max(2) }) } },
    async (request) => ({ created: request.body.title }),
  );
  app.get('/boom', async () => {
    throw new Error('connection string postgres://admin:hunter2@db leaked?');
  });
  app.get('/conflict', async () => {
    throw new ConflictError('That email is already invited');
  });
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('HTTP server', () => {
  it('answers a malformed JSON body with 400 JSON', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({
      method: 'POST',
      url: '/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' },
    });
  });

  it('names the invalid field', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({
      method: 'POST',
      url: '/items',
      payload: { title: 'x', tags: ['a', 'b', 'c'] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields).toEqual([{ path: 'body.tags', message: expect.stringMatching(/2/) }]);
    expect(body.error.message).toContain('body.tags');
  });

  it('answers an unknown route with 404 JSON', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({ method: 'GET', url: '/nope?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No route GET /nope; see /docs for the API',
    });
  });

  it('hides internal errors behind a generic 500', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json().error.code).toBe('INTERNAL');
  });

  it('maps AppError codes to their status', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({ method: 'GET', url: '/conflict' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'CONFLICT',
      message: 'That email is already invited',
    });
  });

  it('rejects a body over the limit with 413', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({
      method: 'POST',
      url: '/items',
      payload: { title: 'x'.repeat(2_000), tags: [] },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives every response a request id, keeping a well-formed one from the client', async () => {
    const server = await serverWithRoutes();
    const generated = await server.inject({ method: 'GET', url: '/nope' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.json().error.requestId).toBe(generated.headers['x-request-id']);
    const kept = await server.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(kept.headers['x-request-id']).toBe('trace-12345678');
    const replaced = await server.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('<');
  });

  it('sends security headers', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({ method: 'GET', url: '/nope' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('rate limits with a 429 JSON error', async () => {
    const server = await serverWithRoutes(2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await server.inject({ method: 'GET', url: '/conflict' })).statusCode);
    expect(statuses).toEqual([409, 409, 429]);
    const limited = await server.inject({ method: 'GET', url: '/conflict' });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const server = await serverWithRoutes();
    const response = await server.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.info.version).toBe('9.9.9');
    expect(document.paths['/items'].post).toBeDefined();
    const page = await server.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});
