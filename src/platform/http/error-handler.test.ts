/**
 * Errors raised before any route runs — by fastify's router and by Node's HTTP parser — leave with
 * the same error body as every other error (found by the fuzz suite, test/fuzz).
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testLogger } from '../../../test/support/logger.ts';
import { createHttpServer, type HttpServer } from './server.ts';

let app: HttpServer | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function server(): Promise<HttpServer> {
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 1_000,
    version: '0.0.0',
  });
  app.get('/items/:id', { schema: { params: z.object({ id: z.uuid() }) } }, async () => ({ ok: true }));
  return app;
}

/** Sends raw bytes to the listening server; resolves with everything it answered. */
async function rawRequest(instance: HttpServer, text: string): Promise<string> {
  const { port } = instance.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function bodyOf(rawAnswer: string): { success: boolean; error: { code: string; requestId: string } } {
  return JSON.parse(rawAnswer.slice(rawAnswer.indexOf('\r\n\r\n') + 4));
}

describe('errors before routing', () => {
  it('answers a URL with bad percent-encoding with 400 and our error body', async () => {
    const response = await (await server()).inject({ method: 'GET', url: '/items/%ED%A0%80' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      success: false,
      error: { code: 'BAD_REQUEST', requestId: response.headers['x-request-id'] },
    });
  });

  it('answers a path parameter over the maximum length with 414 and our error body, without echoing it', async () => {
    const response = await (await server()).inject({ method: 'GET', url: `/items/${'x'.repeat(5_000)}` });
    expect(response.statusCode).toBe(414);
    expect(response.json().error.code).toBe('URI_TOO_LONG');
    expect(response.body).not.toContain('xxxxxxxxxx');
  });

  it("answers headers over Node's size limit with 431 and our error body", async () => {
    const instance = await server();
    await instance.listen({ port: 0, host: '127.0.0.1' });
    const answer = await rawRequest(
      instance,
      `GET /items/x?q=${'y'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer)).toMatchObject({ success: false, error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('answers a request Node cannot parse with 400 and our error body', async () => {
    const instance = await server();
    await instance.listen({ port: 0, host: '127.0.0.1' });
    const answer = await rawRequest(instance, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = bodyOf(answer);
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(answer).toContain(`x-request-id: ${body.error.requestId}`);
  });
});
