/**
 * A plain GET (no WebSocket upgrade) to the terminal route: once the candidate is authenticated it
 * is a 404 with the platform's error body. Before, @fastify/websocket answered an empty 404, the
 * one answer of the API without a JSON error body (found by the fuzz suite, test/fuzz).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testLogger } from '../../../test/support/logger.ts';
import { createTestSession } from '../../../test/support/sessions.ts';
import { UnauthorizedError } from '../../platform/errors.ts';
import { createHttpServer, type HttpServer } from '../../platform/http/server.ts';
import type { SessionShell } from '../sandbox/index.ts';
import { registerTerminalRoutes } from './terminal.routes.ts';
import type { TimelineService } from './timeline.service.ts';
import type { WorkspaceService } from './workspace.service.ts';

let database: TestDatabase;
let app: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createHttpServer({
    logger: testLogger,
    trustProxy: false,
    rateLimitPerMinute: 1_000,
    version: '0.0.0',
  });
  // A plain GET never reaches the shell, the workspace or the timeline.
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not expected')) });
  await registerTerminalRoutes(app, {
    db: database.handle.db,
    shell: unused as SessionShell,
    workspace: unused as WorkspaceService,
    timeline: unused as TimelineService,
    authenticate: async (request) => {
      if (request.headers.authorization !== 'Bearer candidate') throw new UnauthorizedError();
    },
    logger: testLogger,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('GET /api/interview/:id/terminal without an upgrade', () => {
  it("answers the session's candidate with a 404 carrying the error body", async () => {
    const session = await createTestSession(database.handle.db);
    const response = await app.inject({
      method: 'GET',
      url: `/api/interview/${session.sessionId}/terminal`,
      headers: { authorization: 'Bearer candidate' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      success: false,
      error: {
        code: 'NOT_FOUND',
        message: expect.stringContaining('WebSocket'),
        requestId: response.headers['x-request-id'],
      },
    });
  });

  it('still authenticates first: 401 without the credential', async () => {
    const session = await createTestSession(database.handle.db);
    const response = await app.inject({ method: 'GET', url: `/api/interview/${session.sessionId}/terminal` });
    expect(response.statusCode).toBe(401);
  });
});
