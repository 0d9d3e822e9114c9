/**
 * The candidate's workspace during the interview: files (list, read, write, rename, delete), each
 * change recorded on the timeline with its diff in the same transaction; visible test runs
 * (rate limited per session); periodic snapshots so replay can seek without every diff.
 */
import { desc, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Database } from '../../platform/db/client.ts';
import type { EventOrigin } from '../../platform/db/schema/enums.ts';
import { fileSnapshots } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { loadQuestion } from '../questions/index.ts';
import { type ExecutionService, type RunResult, redactForCandidate } from '../sandbox/index.ts';
import { appendEvents, type EventInput, lockSessionTimeline, type Tx } from './events.repository.ts';
import {
  deleteWorkspaceFile,
  findWorkspaceFile,
  listWorkspaceFiles,
  setRunEventSeq,
  upsertWorkspaceFile,
} from './interviews.repository.ts';
import { contentHashOfFiles, mainFileOf, sandboxTestsOf } from './question-view.ts';
import { runEventData } from './run-events.ts';
import { getWritableSession } from './session-access.service.ts';
import { lineStats, spliceBetween } from './text-diff.ts';
import { checkFileContent, checkWorkspaceTotals, normalizeWorkspacePath } from './workspace-rules.ts';

/** A snapshot is taken once this many events passed since the last one (replay seeks from it). */
export const SNAPSHOT_EVERY_EVENTS = 200;

/** Default visible runs per session per minute (candidate and assistant together). */
export const DEFAULT_RUNS_PER_MINUTE = 20;

/** Workspace use cases of one session; `origin` says who acts (candidate or assistant). */
export interface WorkspaceService {
  list(
    sessionId: string,
  ): Promise<Array<{ path: string; size: number; lastModifiedBy: string; updatedAt: string }>>;
  read(sessionId: string, path: string): Promise<{ path: string; content: string }>;
  write(
    sessionId: string,
    input: { path: string; content: string; createOnly?: boolean | undefined },
    origin: EventOrigin,
  ): Promise<{ path: string; seq: number; changed: boolean }>;
  rename(
    sessionId: string,
    from: string,
    to: string,
    origin: EventOrigin,
  ): Promise<{ path: string; seq: number }>;
  remove(sessionId: string, path: string, origin: EventOrigin): Promise<{ seq: number }>;
  /** Runs the visible tests on the current files; the result is what the candidate may see. */
  runVisibleTests(sessionId: string, origin: EventOrigin): Promise<RunResult>;
  /** Current files of the session, for the sandbox shell. */
  files(sessionId: string): Promise<Array<{ path: string; content: string }>>;
}

/** Creates the workspace service. */
export function createWorkspaceService(options: {
  db: Database;
  execution: ExecutionService;
  /** Counts runs per session per minute (shared by every API process). */
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  runsPerMinute?: number;
  now?: () => Date;
  /** Told when events were stored (the interview agent is notified from there). */
  onEventsRecorded?: (sessionId: string, lastSeq: number) => void;
  /** Told when a request arrives after the deadline (the server submits on its own). */
  onDeadlinePassed?: (sessionId: string) => void;
}): WorkspaceService {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const runsPerMinute = options.runsPerMinute ?? DEFAULT_RUNS_PER_MINUTE;

  const writable = (sessionId: string, tx: Database | Tx = db) =>
    getWritableSession(tx, sessionId, now(), options.onDeadlinePassed);

  /**
   * One change: with the session locked, `plan` looks at the files, returns the event to record
   * and how to store the change once its seq is known; both happen in the same transaction.
   */
  async function change(
    sessionId: string,
    plan: (
      files: Map<string, string>,
      questionId: string | null,
    ) => { event: EventInput; store: (tx: Tx, seq: number) => Promise<void> } | undefined,
  ): Promise<{ seq: number; changed: boolean }> {
    const result = await db.transaction(async (tx) => {
      const row = await writable(sessionId, tx);
      // Locks the session before reading files: concurrent writers see each other's changes.
      const lockedSeq = await lockSessionTimeline(tx, sessionId);
      const files = new Map(
        (await listWorkspaceFiles(tx, sessionId)).map((file) => [file.path, file.content] as const),
      );
      const planned = plan(files, row.session.currentQuestionId);
      if (!planned) return { seq: lockedSeq, changed: false };
      checkWorkspaceTotals([...files.entries()].map(([path, content]) => ({ path, content })));
      const { lastSeq } = await appendEvents(tx, sessionId, [planned.event], now());
      await planned.store(tx, lastSeq);
      await snapshotIfDue(tx, sessionId, lastSeq, row.session.currentQuestionId, files);
      return { seq: lastSeq, changed: true };
    });
    if (result.changed) options.onEventsRecorded?.(sessionId, result.seq);
    return result;
  }

  async function snapshotIfDue(
    tx: Tx,
    sessionId: string,
    seq: number,
    questionId: string | null,
    files: Map<string, string>,
  ): Promise<void> {
    const [last] = await tx
      .select({ eventSeq: fileSnapshots.eventSeq })
      .from(fileSnapshots)
      .where(eq(fileSnapshots.sessionId, sessionId))
      .orderBy(desc(fileSnapshots.eventSeq))
      .limit(1);
    if (last && seq - last.eventSeq < SNAPSHOT_EVERY_EVENTS) return;
    const snapshot = [...files.entries()].map(([path, content]) => ({ path, content }));
    await tx
      .insert(fileSnapshots)
      .values({
        sessionId,
        questionId,
        eventSeq: seq,
        reason: 'checkpoint',
        files: snapshot,
        contentHash: contentHashOfFiles(snapshot),
      })
      .onConflictDoNothing();
  }

  async function takeRunSlot(sessionId: string): Promise<void> {
    const minute = Math.floor(now().getTime() / 60_000);
    const key = `${options.keyPrefix}:interview:runs:${sessionId}:${minute}`;
    const count = await options.redis.incr(key);
    if (count === 1) await options.redis.expire(key, 120);
    if (count > runsPerMinute) {
      const retryAfterSeconds = 60 - Math.floor((now().getTime() % 60_000) / 1000);
      throw new AppError(
        'RATE_LIMITED',
        `You can run the tests ${runsPerMinute} times a minute; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
  }

  return {
    async list(sessionId) {
      const files = await listWorkspaceFiles(db, sessionId);
      return files.map((file) => ({
        path: file.path,
        size: Buffer.byteLength(file.content, 'utf8'),
        lastModifiedBy: file.lastModifiedBy,
        updatedAt: file.updatedAt.toISOString(),
      }));
    },

    async read(sessionId, rawPath) {
      const path = normalizeWorkspacePath(rawPath);
      // One row, not the whole workspace: the assistant reads files one by one.
      const file = await findWorkspaceFile(db, sessionId, path);
      if (!file) throw new NotFoundError(`The file ${path}`);
      return { path, content: file.content };
    },

    async write(sessionId, input, origin) {
      const path = normalizeWorkspacePath(input.path);
      checkFileContent(input.content);
      const { content } = input;
      const result = await change(sessionId, (files, questionId) => {
        const before = files.get(path);
        if (before !== undefined && input.createOnly) {
          throw new AppError('CONFLICT', `The file ${path} already exists`);
        }
        if (before === content) return undefined;
        files.set(path, content);
        const event: EventInput =
          before === undefined
            ? { type: 'file.created', origin, questionId, filePath: path, data: { content } }
            : {
                type: 'file.changed',
                origin,
                questionId,
                filePath: path,
                data: {
                  splice: { ...spliceBetween(before, content) },
                  ...lineStats(before, content),
                  size: content.length,
                },
              };
        return {
          event,
          store: (tx, seq) => upsertWorkspaceFile(tx, { sessionId, path, content, origin, seq, now: now() }),
        };
      });
      return { path, seq: result.seq, changed: result.changed };
    },

    async rename(sessionId, rawFrom, rawTo, origin) {
      const from = normalizeWorkspacePath(rawFrom);
      const to = normalizeWorkspacePath(rawTo);
      const result = await change(sessionId, (files, questionId) => {
        const content = files.get(from);
        if (content === undefined) throw new NotFoundError(`The file ${from}`);
        if (from === to) return undefined;
        if (files.has(to)) throw new AppError('CONFLICT', `The file ${to} already exists`);
        files.delete(from);
        files.set(to, content);
        return {
          event: { type: 'file.renamed', origin, questionId, filePath: to, data: { from, to } },
          store: async (tx, seq) => {
            await deleteWorkspaceFile(tx, sessionId, from);
            await upsertWorkspaceFile(tx, { sessionId, path: to, content, origin, seq, now: now() });
          },
        };
      });
      return { path: to, seq: result.seq };
    },

    async remove(sessionId, rawPath, origin) {
      const path = normalizeWorkspacePath(rawPath);
      const result = await change(sessionId, (files, questionId) => {
        if (!files.has(path)) throw new NotFoundError(`The file ${path}`);
        files.delete(path);
        return {
          event: { type: 'file.deleted', origin, questionId, filePath: path, data: {} },
          store: (tx) => deleteWorkspaceFile(tx, sessionId, path),
        };
      });
      return { seq: result.seq };
    },

    async runVisibleTests(sessionId, origin) {
      const row = await writable(sessionId);
      const questionId = row.session.currentQuestionId;
      const question = questionId ? await loadQuestion(db, questionId) : undefined;
      if (!question) throw new AppError('CONFLICT', 'There is no question to run tests for');
      await takeRunSlot(sessionId);
      const files = await listWorkspaceFiles(db, sessionId);
      if (files.length === 0)
        throw new AppError('CONFLICT', 'The workspace is empty: create the solution file first');
      const result = await options.execution.run(
        {
          language: row.session.language,
          kind: 'visible',
          files: files.map((file) => ({ path: file.path, content: file.content })),
          mainFile: mainFileOf(question, files),
          entryPoint: question.entryPoint,
          // Only visible tests enter the sandbox: hidden ones never run before submission.
          tests: sandboxTestsOf(question).filter((test) => !test.hidden),
          sessionId,
          questionId: question.id,
        },
        { organizationId: row.session.organizationId, origin },
      );
      const seq = await db.transaction(async (tx) => {
        const { lastSeq } = await appendEvents(
          tx,
          sessionId,
          [{ type: 'run.visible', origin, questionId: question.id, data: runEventData(result) }],
          now(),
        );
        await setRunEventSeq(tx, result.runId, lastSeq);
        return lastSeq;
      });
      options.onEventsRecorded?.(sessionId, seq);
      return redactForCandidate(result);
    },

    async files(sessionId) {
      const files = await listWorkspaceFiles(db, sessionId);
      return files.map((file) => ({ path: file.path, content: file.content }));
    },
  };
}
