/**
 * The interview API. Candidate routes (`/api/interview/...`) take the credential issued at start
 * as `Authorization: Bearer <credential>`, valid for its own session only; recruiter routes
 * (`/api/sessions/...`) take a member or API key of the session's organization.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../platform/db/client.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { type AuthGuard, actorOf } from '../accounts/index.ts';
import { hashCandidateCredential, isWellFormedCredential } from './candidate-credential.ts';
import type { InterviewService } from './interview.service.ts';
import { findSessionIdByCredential } from './interviews.repository.ts';
import {
  CandidateRunSchema,
  EventBatchBodySchema,
  EventBatchResultSchema,
  EventPageSchema,
  EventQuerySchema,
  FileContentSchema,
  FileListSchema,
  FilePathQuerySchema,
  FilesAtQuerySchema,
  FilesAtSchema,
  FileWriteResultSchema,
  InterviewIntroSchema,
  InterviewStateSchema,
  RenameFileBodySchema,
  ReplaySchema,
  SessionParamsSchema,
  StartBodySchema,
  StartResponseSchema,
  SubmitBodySchema,
  SubmitOutcomeSchema,
  TokenParamsSchema,
  WriteFileBodySchema,
} from './interviews.schema.ts';
import type { TimelineService } from './timeline.service.ts';
import type { WorkspaceService } from './workspace.service.ts';

/** Checks a candidate's credential against the session in the URL; resolves when it matches. */
export type CandidateAuthenticator = (request: FastifyRequest, sessionId: string) => Promise<void>;

/** The credential of a request: the bearer token, or (WebSockets, which cannot set headers) the second subprotocol. */
export function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const protocols = request.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    const [name, credential] = protocols.split(',').map((part) => part.trim());
    if (name === 'interviewlm' && credential) return credential;
  }
  return undefined;
}

/**
 * An authenticator over the database: another session's credential is a 404, as if unknown.
 * Known credentials are remembered for `cacheMs` (default 10 s) because every event batch, save
 * and run authenticates: a credential retired by re-opening the link keeps working on another API
 * process for at most that long (this process forgets it at once through `forget`).
 */
export function createCandidateAuthenticator(
  db: Database,
  options: { cacheMs?: number; now?: () => number } = {},
): CandidateAuthenticator & { forget(): void } {
  const cacheMs = options.cacheMs ?? 10_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { sessionId: string; until: number }>();
  const lookup = async (hash: string): Promise<string | undefined> => {
    const cached = known.get(hash);
    if (cached && cached.until > now()) return cached.sessionId;
    const sessionId = await findSessionIdByCredential(db, hash);
    if (sessionId) {
      if (known.size > 50_000) known.clear();
      known.set(hash, { sessionId, until: now() + cacheMs });
    } else {
      known.delete(hash);
    }
    return sessionId;
  };
  const authenticate = async (request: FastifyRequest, sessionId: string) => {
    const credential = credentialOf(request);
    if (!credential) {
      throw new AppError('UNAUTHORIZED', 'Open the interview from your invitation link to get access');
    }
    if (!isWellFormedCredential(credential))
      throw new AppError('UNAUTHORIZED', 'This interview credential is not valid');
    const owned = await lookup(hashCandidateCredential(credential));
    if (!owned)
      throw new AppError(
        'UNAUTHORIZED',
        'This interview credential is no longer valid; open your invitation link again',
      );
    if (owned !== sessionId) throw new NotFoundError('The interview session');
  };
  return Object.assign(authenticate, { forget: () => known.clear() });
}

/** Event batches one session may send per minute (a browser sends one every 2 s). */
export const EVENT_BATCHES_PER_MINUTE = 1_200;

/** Calls with a wrong candidate credential one client address may make per minute on that route. */
export const FAILED_BATCH_CREDENTIALS_PER_MINUTE = 120;

/**
 * A fixed-window counter per key (a session, a client address) in this process's memory: no Redis
 * round trip on the hottest route. With several API processes a key may get up to N × the limit;
 * it still bounds abuse. `take` counts a call and refuses it past the limit; `check` only refuses
 * (for counting failures after the fact with `record`).
 */
export function createSessionRateLimiter(
  perMinute: number,
  now: () => number = Date.now,
  what = 'event batches for this session',
) {
  const windows = new Map<string, { start: number; count: number }>();
  function windowOf(key: string, at: number) {
    let window = windows.get(key);
    if (!window || at - window.start >= 60_000) {
      if (windows.size > 50_000) windows.clear();
      window = { start: at, count: 0 };
      windows.set(key, window);
    }
    return window;
  }
  function refuse(window: { start: number }, at: number): never {
    const retryAfterSeconds = Math.ceil((window.start + 60_000 - at) / 1000);
    throw new AppError('RATE_LIMITED', `Too many ${what}; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
  return {
    take(key: string): void {
      const at = now();
      const window = windowOf(key, at);
      window.count += 1;
      if (window.count > perMinute) refuse(window, at);
    },
    check(key: string): void {
      const at = now();
      const window = windowOf(key, at);
      if (window.count >= perMinute) refuse(window, at);
    },
    record(key: string): void {
      windowOf(key, now()).count += 1;
    },
  };
}

/** Registers the candidate and recruiter interview routes. */
export function registerInterviewRoutes(
  app: HttpServer,
  options: {
    interviews: InterviewService;
    workspace: WorkspaceService;
    timeline: TimelineService;
    authenticate: CandidateAuthenticator;
    guard: AuthGuard;
  },
): void {
  const { interviews, workspace, timeline, authenticate, guard } = options;
  const tags = ['interview'];
  const candidate = async (request: FastifyRequest) => {
    await authenticate(request, (request.params as { id: string }).id);
  };
  const sameOrganization = async (request: FastifyRequest) => {
    const sessionId = (request.params as { id: string }).id;
    const organizationId = await timeline.organizationOf(sessionId);
    if (organizationId !== actorOf(request).organizationId) throw new NotFoundError('The interview session');
  };
  const security = [{ candidateCredential: [] }];
  const batchLimiter = createSessionRateLimiter(EVENT_BATCHES_PER_MINUTE);
  const limitBatches = async (request: FastifyRequest) => {
    batchLimiter.take((request.params as { id: string }).id);
  };
  // The batch route has no per-IP limiter (one office may hold many candidates), so guessing
  // credentials on it is bounded here: only failed checks count against the client address.
  const failedCredentials = createSessionRateLimiter(
    FAILED_BATCH_CREDENTIALS_PER_MINUTE,
    Date.now,
    'calls with a wrong interview credential from this address',
  );
  const batchCandidate = async (request: FastifyRequest) => {
    failedCredentials.check(request.ip);
    try {
      await candidate(request);
    } catch (error) {
      failedCredentials.record(request.ip);
      throw error;
    }
  };

  app.get(
    '/api/interview/start/:token',
    {
      schema: {
        tags,
        summary: 'What the intro page shows: the assessment, the time limit, the AI policy, what is recorded',
        params: TokenParamsSchema,
        response: { 200: InterviewIntroSchema },
      },
    },
    async (request) => interviews.intro(request.params.token),
  );

  app.post(
    '/api/interview/start/:token',
    {
      schema: {
        tags,
        summary:
          'Consent and start (or resume): creates the session, serves the first question, returns the candidate credential',
        params: TokenParamsSchema,
        body: StartBodySchema,
        response: { 200: StartResponseSchema, 201: StartResponseSchema },
      },
    },
    async (request, reply) => {
      const started = await interviews.start(request.params.token, { language: request.body.language });
      return reply.status(started.resumed ? 200 : 201).send(started);
    },
  );

  app.get(
    '/api/interview/:id',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'The session as a reload resumes it: current question, files, remaining time',
        params: SessionParamsSchema,
        response: { 200: InterviewStateSchema },
      },
    },
    async (request) => interviews.state(request.params.id),
  );

  app.get(
    '/api/interview/:id/files',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'List the workspace files',
        params: SessionParamsSchema,
        response: { 200: FileListSchema },
      },
    },
    async (request) => ({ files: await workspace.list(request.params.id) }),
  );

  app.get(
    '/api/interview/:id/file',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Read one workspace file',
        params: SessionParamsSchema,
        querystring: FilePathQuerySchema,
        response: { 200: FileContentSchema },
      },
    },
    async (request) => workspace.read(request.params.id, request.query.path),
  );

  app.put(
    '/api/interview/:id/file',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Create or replace a workspace file (recorded as file.created / file.changed with a diff)',
        params: SessionParamsSchema,
        body: WriteFileBodySchema,
        response: { 200: FileWriteResultSchema },
      },
    },
    async (request) => workspace.write(request.params.id, request.body, 'candidate'),
  );

  app.post(
    '/api/interview/:id/file/rename',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Rename a workspace file',
        params: SessionParamsSchema,
        body: RenameFileBodySchema,
        response: { 200: z.object({ path: z.string(), seq: z.number().int() }) },
      },
    },
    async (request) => workspace.rename(request.params.id, request.body.from, request.body.to, 'candidate'),
  );

  app.delete(
    '/api/interview/:id/file',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Delete a workspace file',
        params: SessionParamsSchema,
        querystring: FilePathQuerySchema,
        response: { 200: z.object({ seq: z.number().int() }) },
      },
    },
    async (request) => workspace.remove(request.params.id, request.query.path, 'candidate'),
  );

  app.post(
    '/api/interview/:id/run',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Run the visible tests on the current files (rate limited per session)',
        params: SessionParamsSchema,
        response: { 200: CandidateRunSchema },
      },
    },
    async (request) => workspace.runVisibleTests(request.params.id, 'candidate'),
  );

  app.post(
    '/api/interview/:id/submit',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary:
          'Submit the current question ({questionId} makes a repeat harmless): hidden tests run on the server; the next question or the completion',
        params: SessionParamsSchema,
        body: SubmitBodySchema,
        response: { 200: SubmitOutcomeSchema },
      },
    },
    async (request) => interviews.submit(request.params.id, { questionId: request.body?.questionId }),
  );

  app.post(
    '/api/interview/:id/finish',
    {
      preHandler: candidate,
      schema: {
        tags,
        security,
        summary: 'Submit the current question and end the interview now',
        params: SessionParamsSchema,
        body: SubmitBodySchema,
        response: { 200: SubmitOutcomeSchema },
      },
    },
    async (request) =>
      interviews.submit(request.params.id, { finish: true, questionId: request.body?.questionId }),
  );

  app.post(
    '/api/interview/:id/events/batch',
    {
      // The hottest route: limited per session in memory (below) instead of per IP in Redis.
      config: { rateLimit: false },
      preHandler: [batchCandidate, limitBatches],
      schema: {
        tags,
        security,
        summary:
          'Record client events (integrity.*, editor.*, ui.*, file.opened): at most 500 and 1 MB per batch, idempotent by clientSeq',
        params: SessionParamsSchema,
        body: EventBatchBodySchema,
        response: { 200: EventBatchResultSchema },
      },
    },
    async (request) => timeline.ingest(request.params.id, request.body.events),
  );

  // Recruiter side -----------------------------------------------------------------------

  app.get(
    '/api/sessions/:id/replay',
    {
      preHandler: [guard.require('candidates:read'), sameOrganization],
      schema: {
        tags,
        summary: 'The whole session on one timeline (page with `after`), its questions and snapshots',
        params: SessionParamsSchema,
        querystring: z.object({
          after: z.coerce.number().int().nonnegative().optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(5000),
        }),
        response: { 200: ReplaySchema },
      },
    },
    async (request) =>
      timeline.replay(request.params.id, { after: request.query.after, limit: request.query.limit }),
  );

  app.get(
    '/api/sessions/:id/events',
    {
      preHandler: [guard.require('candidates:read'), sameOrganization],
      schema: {
        tags,
        summary: 'Session events filtered by seq range and type, paged with `after`',
        params: SessionParamsSchema,
        querystring: EventQuerySchema,
        response: { 200: EventPageSchema },
      },
    },
    async (request) => {
      const { from, to, after, type, limit } = request.query;
      return timeline.events(request.params.id, {
        from,
        to,
        after,
        limit,
        types: type
          ?.split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      });
    },
  );

  app.get(
    '/api/sessions/:id/files',
    {
      preHandler: [guard.require('candidates:read'), sameOrganization],
      schema: {
        tags,
        summary: 'The workspace files as they were right after event `seq`',
        params: SessionParamsSchema,
        querystring: FilesAtQuerySchema,
        response: { 200: FilesAtSchema },
      },
    },
    async (request) => timeline.filesAt(request.params.id, request.query.seq),
  );
}
