import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testLogger } from '../../../test/support/logger.ts';
import { findUnusableInput, maxInputDepth } from './input-guard.ts';
import { createHttpServer, type HttpServer } from './server.ts';

/** `depth` levels of nested objects, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

describe('findUnusableInput', () => {
  it('accepts ordinary text, emoji (surrogate pairs) and nesting up to the limit', () => {
    expect(findUnusableInput({ title: 'Café 🦄', tags: ['a', 'b'], n: 1, ok: null }, 'body')).toBeUndefined();
    expect(findUnusableInput(nested(maxInputDepth), 'body')).toBeUndefined();
  });

  it('names the field holding a NUL or a lone surrogate, in values and in keys', () => {
    expect(findUnusableInput({ items: [{ name: 'a\u0000b' }] }, 'body')).toEqual({
      path: 'body.items[0].name',
      message: expect.stringContaining('NUL'),
    });
    expect(findUnusableInput({ title: 'x\ud800y' }, 'body')?.path).toBe('body.title');
    expect(findUnusableInput({ data: { 'k\u0000': 1 } }, 'body')?.path).toBe('body.data.k\u0000');
    expect(findUnusableInput('\udfff', 'params')?.path).toBe('params');
  });

  it('refuses nesting over the limit without overflowing the stack itself', () => {
    expect(findUnusableInput(nested(maxInputDepth + 1), 'body')?.message).toContain('nested too deeply');
    expect(findUnusableInput(nested(100_000), 'body')?.message).toContain('nested too deeply');
  });
});

describe('the input guard on the HTTP server', () => {
  let app: HttpServer | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  // A recursive JSON value, as the seeds' test arguments are: zod validates it recursively.
  type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
  const JsonValue: z.ZodType<Json> = z.lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(JsonValue),
      z.record(z.string(), JsonValue),
    ]),
  );

  async function server(): Promise<HttpServer> {
    app = await createHttpServer({
      logger: testLogger,
      trustProxy: false,
      rateLimitPerMinute: 1_000,
      version: '0.0.0',
    });
    app.post('/values', { schema: { body: z.object({ name: z.string(), value: JsonValue }) } }, async () => ({
      ok: true,
    }));
    app.get('/items/:id', { schema: { params: z.object({ id: z.string() }) } }, async () => ({ ok: true }));
    // No schema: the guard leaves the input to the route (bull-board, the raw Paddle webhook).
    app.post('/raw', async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  it('answers 10 000 levels of nesting with a 400, not a stack overflow (500)', async () => {
    const response = await (await server()).inject({
      method: 'POST',
      url: '/values',
      headers: { 'content-type': 'application/json' },
      payload: `{"name":"deep","value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: expect.stringMatching(/^body\.value/) }],
    });
  });

  it('answers NUL and lone surrogates in the body or the path with a 400 naming the field', async () => {
    const instance = await server();
    const body = await instance.inject({
      method: 'POST',
      url: '/values',
      payload: { name: 'a\u0000b', value: 1 },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.fields).toEqual([
      { path: 'body.name', message: expect.stringContaining('NUL') },
    ]);
    const surrogate = await instance.inject({
      method: 'POST',
      url: '/values',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","value":["\\ud800"]}',
    });
    expect(surrogate.json().error.fields).toEqual([
      { path: 'body.value[0]', message: expect.stringContaining('surrogate') },
    ]);
    const param = await instance.inject({ method: 'GET', url: '/items/a%00b' });
    expect(param.statusCode).toBe(400);
    expect(param.json().error.fields[0].path).toBe('params.id');
  });

  it('lets valid input through, and leaves routes without a schema alone', async () => {
    const instance = await server();
    expect(
      (
        await instance.inject({
          method: 'POST',
          url: '/values',
          payload: { name: 'ok', value: [1, { a: 'é' }] },
        })
      ).statusCode,
    ).toBe(200);
    const raw = await instance.inject({ method: 'POST', url: '/raw', payload: { name: 'a\u0000b' } });
    expect(raw.statusCode).toBe(200);
  });
});
