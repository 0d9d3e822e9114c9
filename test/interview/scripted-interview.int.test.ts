/**
 * The candidate's interview over HTTP against the real platform (PostgreSQL, Redis, BullMQ, the
 * bwrap sandbox): start, edit, run, send events twice, submit every question, complete; then the
 * stored events, runs and results, the recruiter's replay, and a leak check over every response
 * the candidate received. A second scenario lets the deadline submit with no client connected.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  candidates,
  evaluations,
  interviewSessions,
  questions,
  sessionEvents,
  sessionQuestions,
  testCases,
  testResults,
  testRuns,
} from '../../src/platform/db/schema/index.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { waitFor } from '../support/wait.ts';
import {
  call,
  candidateClient,
  type InterviewPlatform,
  publishAndInvite,
  startInterviewPlatform,
} from './support.ts';

let env: InterviewPlatform;
let llm: FakeLlmServer;

beforeAll(async () => {
  llm = await startFakeLlmServer();
  env = await startInterviewPlatform({ llm });
}, 60_000);

afterAll(async () => {
  await env?.stop();
  await llm?.close();
});

/** The SSE frames of a chat answer, parsed. */
function sseEvents(text: string): Array<{ type: string; [key: string]: unknown }> {
  return text
    .split('\n\n')
    .map((frame) => frame.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice('data: '.length)));
}

async function referenceOf(questionId: string) {
  const [row] = await env.platform.database.db
    .select({ referenceSolution: questions.referenceSolution, starterFiles: questions.starterFiles })
    .from(questions)
    .where(eq(questions.id, questionId));
  if (!row) throw new Error('no question');
  return row;
}

/** Strings that must never reach the candidate: hidden test args and expected values, reference solutions. */
async function secretsOf(questionIds: string[]) {
  const db = env.platform.database.db;
  const hidden: string[] = [];
  const references: string[] = [];
  for (const questionId of questionIds) {
    const tests = await db.select().from(testCases).where(eq(testCases.questionId, questionId));
    const visibleText = JSON.stringify(
      tests.filter((test) => !test.hidden).map((test) => [test.args, test.expected]),
    );
    for (const test of tests.filter((entry) => entry.hidden)) {
      for (const value of [JSON.stringify(test.args), JSON.stringify(test.expected)]) {
        // Short renderings ("0", "[]", "true") occur in any JSON; values also in a visible test are public.
        if (value.length >= 8 && !visibleText.includes(value)) hidden.push(value);
      }
    }
    const { referenceSolution } = await referenceOf(questionId);
    references.push(referenceSolution);
  }
  return { hidden, references };
}

describe('a scripted interview', () => {
  it('runs start → edit → run → events → submit every question → completion, and leaks nothing', async () => {
    const { invitations } = await publishAndInvite(env, { count: 2, questionCount: 2 });
    const [first, second] = invitations;
    if (!first || !second) throw new Error('two invitations expected');
    const candidate = candidateClient(env.url);

    const intro = await candidate.request(`/api/interview/start/${first.token}`);
    expect(intro.status).toBe(200);
    expect(intro.body).toMatchObject({
      assessment: { title: 'Scripted interview', durationMinutes: 60 },
      sessionStatus: 'not_started',
    });
    expect(intro.body.recorded.join(' ')).toContain('AI assistant');

    expect(
      (await candidate.request(`/api/interview/start/${first.token}`, { method: 'POST', body: {} })).status,
    ).toBe(400);
    const started = await candidate.start(first.token);
    expect(started.status).toBe(201);
    expect(started.body.credential).toMatch(/^ilmc_/);
    const firstQuestion = started.body.state.question;
    expect(firstQuestion.visibleTests.length).toBeGreaterThan(0);
    expect(started.body.state.files.length).toBeGreaterThan(0);
    expect(started.body.state.session.remainingSeconds).toBeGreaterThan(3500);

    // Access: no credential → 401; another session's credential → 404.
    expect((await call(`${env.url}/api/interview/${candidate.sessionId}`)).status).toBe(401);
    const other = candidateClient(env.url);
    expect((await other.start(second.token)).status).toBe(201);
    expect(
      (
        await call(`${env.url}/api/interview/${candidate.sessionId}`, {
          headers: { authorization: `Bearer ${other.credential}` },
        })
      ).status,
    ).toBe(404);

    // Edit: a wrong solution first, run the visible tests, then the right one.
    const mainFile = started.body.state.files[0].path as string;
    const wrong = await candidate.session('/file', {
      method: 'PUT',
      body: { path: mainFile, content: `${started.body.state.files[0].content}\n# first try\n` },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body.changed).toBe(true);
    const failing = await candidate.session('/run', { method: 'POST' });
    expect(failing.status).toBe(200);
    expect(failing.body.kind).toBe('visible');
    expect(failing.body.tests.every((test: { hidden: boolean }) => !test.hidden)).toBe(true);

    const { referenceSolution } = await referenceOf(firstQuestion.id);
    expect(
      (
        await candidate.session('/file', {
          method: 'PUT',
          body: { path: mainFile, content: referenceSolution },
        })
      ).status,
    ).toBe(200);
    const passing = await candidate.session('/run', { method: 'POST' });
    expect(passing.body.status).toBe('ok');
    expect(passing.body.passed).toBe(passing.body.total);

    // The AI assistant (fake provider over the real SDK): its tool call writes a file.
    llm.enqueue(
      'anthropic',
      {
        toolUse: {
          name: 'write_file',
          input: { path: 'helpers.py', content: 'def helper():\n    return 42\n' },
        },
      },
      { text: 'I added helpers.py with a helper function.' },
    );
    const chat = await candidate.session('/chat', {
      method: 'POST',
      body: { message: 'Please add a helper module.' },
    });
    expect(chat.status).toBe(200);
    const frames = sseEvents(chat.text);
    expect(frames.map((frame) => frame.type)).toEqual(
      expect.arrayContaining(['tool_use', 'tool_result', 'content', 'usage', 'done']),
    );
    expect(frames.find((frame) => frame.type === 'tool_result')).toMatchObject({
      name: 'write_file',
      ok: true,
    });
    const written = await candidate.session('/files');
    expect(written.body.files).toContainEqual(
      expect.objectContaining({ path: 'helpers.py', lastModifiedBy: 'assistant' }),
    );
    const conversation = await candidate.session('/chat');
    expect(conversation.status).toBe(200);
    expect(conversation.body.messages.length).toBeGreaterThanOrEqual(2);

    // Workspace rules: traversal and absolute paths are refused; create, rename, delete are recorded.
    expect(
      (await candidate.session('/file', { method: 'PUT', body: { path: '../etc/passwd', content: 'x' } }))
        .status,
    ).toBe(400);
    expect(
      (await candidate.session('/file', { method: 'PUT', body: { path: '/tmp/x.py', content: 'x' } })).status,
    ).toBe(400);
    expect(
      (await candidate.session('/file', { method: 'PUT', body: { path: 'notes.txt', content: 'plan' } }))
        .status,
    ).toBe(200);
    expect(
      (
        await candidate.session('/file/rename', {
          method: 'POST',
          body: { from: 'notes.txt', to: 'plan.txt' },
        })
      ).status,
    ).toBe(200);
    expect((await candidate.session('/file?path=plan.txt', { method: 'DELETE' })).status).toBe(200);
    expect((await candidate.session(`/file?path=${mainFile}`)).body.content).toBe(referenceSolution);

    // Events: a batch sent twice is stored once; server-side types are refused.
    const batch = {
      events: [
        { clientSeq: 1, type: 'integrity.paste', data: { chars: 120 } },
        { clientSeq: 2, type: 'integrity.focus_lost', data: {} },
        { clientSeq: 3, type: 'integrity.focus_gained', data: { awayMs: 4000 } },
      ],
    };
    const sent = await candidate.session('/events/batch', { method: 'POST', body: batch });
    expect(sent.body).toMatchObject({ accepted: 3, duplicates: 0 });
    const again = await candidate.session('/events/batch', { method: 'POST', body: batch });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3, lastSeq: sent.body.lastSeq });
    expect(
      (
        await candidate.session('/events/batch', {
          method: 'POST',
          body: { events: [{ clientSeq: 9, type: 'run.hidden', data: {} }] },
        })
      ).status,
    ).toBe(400);

    // Reload resumes exactly.
    const reloaded = await candidate.session('');
    expect(reloaded.body.question.id).toBe(firstQuestion.id);
    expect(reloaded.body.files.find((file: { path: string }) => file.path === mainFile).content).toBe(
      referenceSolution,
    );

    // Submit the first question (solved), then the second (left as the starter), which completes.
    const next = await candidate.session('/submit', {
      method: 'POST',
      body: { questionId: firstQuestion.id },
    });
    expect(next.status).toBe(200);
    expect(next.body.status).toBe('next');
    const secondQuestion = next.body.state.question;
    // A repeated submit of the first question (double click) does not submit the second one.
    const repeated = await candidate.session('/submit', {
      method: 'POST',
      body: { questionId: firstQuestion.id },
    });
    expect(repeated.body.state.question?.id, repeated.text.slice(0, 300)).toBe(secondQuestion.id);
    expect(secondQuestion.id).not.toBe(firstQuestion.id);
    expect(next.body.state.files.map((file: { content: string }) => file.content).join('')).not.toContain(
      referenceSolution,
    );
    // The evaluation agent's LLM review answers next (the fake provider's queue is in order).
    llm.enqueue('anthropic', {
      text: JSON.stringify({
        dimensions: [
          {
            name: 'code_quality',
            evidence: ['first question solved, second left as the starter'],
            score: 55,
          },
          { name: 'problem_solving', evidence: ['ran the tests before submitting'], score: 60 },
          { name: 'ai_collaboration', evidence: ['one specific request'], score: 62 },
          { name: 'communication', evidence: ['short, clear prompt'], score: 58 },
        ],
        summary: 'Solved one of two questions.',
      }),
    });
    const done = await candidate.session('/submit', { method: 'POST' });
    expect(done.body.status).toBe('completed');
    expect(done.body.state.question).toBeNull();
    expect(
      (await candidate.session('/file', { method: 'PUT', body: { path: mainFile, content: 'late' } })).status,
    ).toBe(409);

    // What was stored.
    const db = env.platform.database.db;
    const [session] = await db
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.id, candidate.sessionId));
    expect(session?.status).toBe('completed');
    const served = await db
      .select()
      .from(sessionQuestions)
      .where(eq(sessionQuestions.sessionId, candidate.sessionId))
      .orderBy(asc(sessionQuestions.position));
    expect(served.map((entry) => entry.score)).toEqual([1, expect.any(Number)]);
    expect(served[1]?.score ?? 1).toBeLessThan(1);
    const events = await db
      .select({ seq: sessionEvents.seq, type: sessionEvents.type })
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, candidate.sessionId))
      .orderBy(asc(sessionEvents.seq));
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const types = events.map((event) => event.type);
    for (const type of [
      'session.started',
      'agent.decision',
      'question.started',
      'file.changed',
      'file.created',
      'file.renamed',
      'file.deleted',
      'run.visible',
      'integrity.paste',
      'ai.message',
      'ai.tool_call',
      'run.hidden',
      'question.submitted',
      'session.completed',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(types.filter((type) => type === 'integrity.paste')).toHaveLength(1);
    const runs = await db.select().from(testRuns).where(eq(testRuns.sessionId, candidate.sessionId));
    expect(runs.filter((run) => run.kind === 'visible')).toHaveLength(2);
    const hiddenRuns = runs.filter((run) => run.kind === 'hidden');
    expect(hiddenRuns).toHaveLength(2);
    expect(runs.every((run) => run.eventSeq !== null)).toBe(true);
    const hiddenResults = await db
      .select()
      .from(testResults)
      .where(eq(testResults.runId, served[0]?.hiddenRunId ?? ''));
    expect(hiddenResults.length).toBeGreaterThan(0);
    expect(hiddenResults.every((result) => result.passed && result.hidden)).toBe(true);
    const [candidateRow] = await db.select().from(candidates).where(eq(candidates.id, first.candidateId));
    expect(['COMPLETED', 'EVALUATED']).toContain(candidateRow?.status);
    const evaluationJob = await env.platform.queues
      .queue('evaluation-agent')
      .getJob(`evaluation-${candidate.sessionId}-v1`);
    expect(evaluationJob).toBeTruthy();

    // The recruiter's replay: one timeline, and the files rebuilt at the first submission.
    const replay = await call(`${env.url}/api/sessions/${candidate.sessionId}/replay`, {
      headers: env.owner.headers(),
    });
    expect(replay.status).toBe(200);
    expect(replay.body.timeline).toHaveLength(events.length);
    expect(replay.body.questions).toHaveLength(2);
    const submittedSeq = replay.body.timeline.find(
      (event: { type: string }) => event.type === 'question.submitted',
    ).seq;
    const filesThen = await call(`${env.url}/api/sessions/${candidate.sessionId}/files?seq=${submittedSeq}`, {
      headers: env.owner.headers(),
    });
    expect(filesThen.body.files.find((file: { path: string }) => file.path === mainFile).content).toBe(
      referenceSolution,
    );
    const integrity = await call(
      `${env.url}/api/sessions/${candidate.sessionId}/events?type=integrity.paste,integrity.focus_lost&limit=1`,
      { headers: env.owner.headers() },
    );
    expect(integrity.body.events).toHaveLength(1);
    expect(integrity.body.nextAfter).not.toBeNull();
    // Another organization sees nothing; the candidate's credential does not open recruiter routes.
    expect(
      (
        await call(`${env.url}/api/sessions/${candidate.sessionId}/replay`, {
          headers: { authorization: `Bearer ${candidate.credential}` },
        })
      ).status,
    ).toBe(401);

    // Leak check: no hidden test value and no reference solution in anything the candidate received.
    // The candidate's own files are excluded from the reference check: in this script the
    // candidate typed the reference solution in themselves.
    const secrets = await secretsOf(served.map((entry) => entry.questionId));
    expect(secrets.hidden.length).toBeGreaterThan(0);
    // The assistant's provider saw none of it either.
    const providerRequests = llm.requests('anthropic').map((request) => JSON.stringify(request.body));
    expect(providerRequests.length).toBeGreaterThan(0);
    for (const text of providerRequests) {
      for (const value of secrets.hidden)
        expect(text, 'hidden test value sent to the model').not.toContain(value);
      for (const reference of secrets.references.slice(1)) {
        expect(text, 'reference solution sent to the model').not.toContain(
          JSON.stringify(reference).slice(1, -1),
        );
      }
    }
    for (const text of [...candidate.received, ...other.received]) {
      for (const value of secrets.hidden) expect(text, 'hidden test value leaked').not.toContain(value);
      const withoutOwnFiles = text.replaceAll(JSON.stringify(referenceSolution).slice(1, -1), '');
      for (const reference of secrets.references.slice(1)) {
        expect(withoutOwnFiles, 'reference solution leaked').not.toContain(
          JSON.stringify(reference).slice(1, -1),
        );
      }
    }

    // The evaluation agent: four dimensions, evidence that resolves, hidden results, θ ± SE.
    const evaluation = await waitFor(
      async () => {
        const [row] = await db
          .select()
          .from(evaluations)
          .where(eq(evaluations.sessionId, candidate.sessionId));
        return row?.status === 'completed' ? row : undefined;
      },
      'the evaluation',
      30_000,
    );
    const dimensions = evaluation.dimensions ?? [];
    expect(dimensions.map((dimension) => dimension.name).sort()).toEqual([
      'ai_collaboration',
      'code_quality',
      'communication',
      'problem_solving',
    ]);
    const seqs = new Set(events.map((event) => event.seq));
    const runIds = new Set(runs.map((run) => run.id));
    for (const dimension of dimensions) {
      const pointing = dimension.evidence.filter(
        (item) => item.eventSeq !== undefined || item.runId !== undefined || item.filePath !== undefined,
      );
      expect(pointing.length, dimension.name).toBeGreaterThan(0);
      for (const item of pointing) {
        if (item.eventSeq !== undefined)
          expect(seqs.has(item.eventSeq), `${dimension.name}: ${item.summary}`).toBe(true);
        if (item.runId !== undefined)
          expect(runIds.has(item.runId), `${dimension.name}: ${item.summary}`).toBe(true);
        if (item.filePath !== undefined && item.lines) {
          const file = await call(
            `${env.url}/api/sessions/${candidate.sessionId}/files?seq=${events.length}`,
            {
              headers: env.owner.headers(),
            },
          );
          expect(file.body.files.map((entry: { path: string }) => entry.path)).toContain(item.filePath);
          expect(item.lines[0]).toBeGreaterThanOrEqual(1);
        }
      }
    }
    const hiddenEvidence = dimensions
      .flatMap((dimension) => dimension.evidence)
      .filter((item) => item.kind === 'hidden_tests');
    expect(hiddenEvidence.map((item) => item.runId).sort()).toEqual(hiddenRuns.map((run) => run.id).sort());
    expect(evaluation.ability).toEqual({ theta: expect.any(Number), standardError: expect.any(Number) });
    expect(evaluation.llm?.provider).toBe('anthropic');
    expect(evaluation.overall).toBeGreaterThan(0);
    const [evaluated] = await db.select().from(candidates).where(eq(candidates.id, first.candidateId));
    expect(evaluated?.status).toBe('EVALUATED');
  }, 120_000);

  it('documents every route, the interview routes included, in the OpenAPI document', async () => {
    const docs = await call(`${env.url}/docs/json`);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/interview/{id}/events/batch',
        '/api/interview/{id}/chat',
        '/api/sessions/{id}/replay',
      ]),
    );
  });

  it('re-opening the link resumes the same session and retires the old credential', async () => {
    const { invitations } = await publishAndInvite(env, { count: 1 });
    const token = invitations[0]?.token ?? '';
    const first = candidateClient(env.url);
    await first.start(token);
    // Used once, so the server knows (and caches) this credential before it is retired.
    expect((await first.session('')).status).toBe(200);
    const second = candidateClient(env.url);
    const resumed = await second.start(token);
    expect(resumed.status).toBe(200);
    expect(resumed.body.resumed).toBe(true);
    expect(second.sessionId).toBe(first.sessionId);
    expect((await first.session('')).status).toBe(401);
    expect((await second.session('')).status).toBe(200);
    expect((await second.request(`/api/interview/start/${token}`)).body.sessionStatus).toBe('active');
  }, 60_000);

  it('limits visible runs per session with a clear 429', async () => {
    const { invitations } = await publishAndInvite(env, { count: 1 });
    const candidate = candidateClient(env.url);
    await candidate.start(invitations[0]?.token ?? '');
    let limited: Awaited<ReturnType<typeof candidate.session>> | undefined;
    for (let attempt = 0; attempt < 25 && !limited; attempt += 1) {
      const response = await candidate.session('/run', { method: 'POST' });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited?.body.error?.message ?? limited?.text).toMatch(/run the tests 20 times a minute/);
  }, 60_000);

  it('submits on its own at the deadline with no client connected', async () => {
    const { invitations } = await publishAndInvite(env, { count: 1, questionCount: 3 });
    const candidate = candidateClient(env.url);
    await candidate.start(invitations[0]?.token ?? '');
    const sessionId = candidate.sessionId;
    // Bring the deadline close and schedule its job the way start() does; then nobody calls anything.
    const db = env.platform.database.db;
    const deadline = new Date(Date.now() + 1_500);
    await db
      .update(interviewSessions)
      .set({ deadlineAt: deadline })
      .where(eq(interviewSessions.id, sessionId));
    await env.platform.queues.enqueue(
      'interview-agent',
      { version: 1, sessionId, kind: 'deadline_reached' },
      { jobId: `deadline-${sessionId}-${deadline.getTime()}`, delayMs: 1_500 },
    );
    const ended = await waitFor(
      async () => {
        const [row] = await db.select().from(interviewSessions).where(eq(interviewSessions.id, sessionId));
        return row?.status === 'expired' ? row : undefined;
      },
      'the session to expire',
      20_000,
    );
    expect(ended.completedAt).not.toBeNull();
    const [served] = await db
      .select()
      .from(sessionQuestions)
      .where(and(eq(sessionQuestions.sessionId, sessionId), eq(sessionQuestions.position, 0)));
    expect(served?.autoSubmitted).toBe(true);
    expect(served?.hiddenRunId).not.toBeNull();
    const completed = await db
      .select({ data: sessionEvents.data })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, 'session.completed')));
    expect(completed[0]?.data).toMatchObject({ status: 'expired', reason: 'time_limit' });
    expect((await candidate.session('/submit', { method: 'POST' })).status).toBe(409);
  }, 60_000);
});

describe('the terminal', () => {
  it('runs a shell in the session sandbox over a WebSocket and records input and output', async () => {
    const { invitations } = await publishAndInvite(env, { count: 1 });
    const candidate = candidateClient(env.url);
    await candidate.start(invitations[0]?.token ?? '');
    const url = `${env.url.replace('http', 'ws')}/api/interview/${candidate.sessionId}/terminal`;

    const refused = new WebSocket(url);
    const refusal = await new Promise<number>((resolve) => {
      refused.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      refused.on('open', () => resolve(101));
    });
    expect(refusal).toBe(401);

    const socket = new WebSocket(url, ['interviewlm', candidate.credential]);
    let output = '';
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; data?: string };
      if (message.type === 'output') output += message.data ?? '';
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    expect(socket.protocol).toBe('interviewlm');
    socket.send(JSON.stringify({ type: 'input', data: 'echo $((6*7)); ls\n' }));
    await waitFor(
      () => (output.includes('42') && output.includes('solution.py') ? true : undefined),
      'terminal output',
      15_000,
    );
    socket.close();

    const db = env.platform.database.db;
    const recorded = await waitFor(
      async () => {
        const rows = await db
          .select({ type: sessionEvents.type, data: sessionEvents.data })
          .from(sessionEvents)
          .where(eq(sessionEvents.sessionId, candidate.sessionId));
        const types = rows.map((row) => row.type);
        return types.includes('terminal.input') &&
          types.includes('terminal.output') &&
          types.includes('terminal.closed')
          ? rows
          : undefined;
      },
      'terminal events',
      15_000,
    );
    const input = recorded.find((row) => row.type === 'terminal.input');
    expect(input?.data).toMatchObject({ data: 'echo $((6*7)); ls\n' });
  }, 60_000);
});
