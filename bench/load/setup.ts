/**
 * What exists before the load starts: the fake LLM provider answering like a model with tools, an
 * organization with an owner and recruiters, and one published assessment with every candidate
 * invited over the API as a recruiter does (the run's database: bench/scratch-services.ts).
 */
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/client.ts';
import type { Logger } from '../../src/platform/logger.ts';
import { createTestMember, createTestOrganization, type TestMember } from '../../test/support/accounts.ts';
import type { FakeLlmServer, FakeReply } from '../../test/support/fake-llm-server.ts';
import type { LoadHttpClient } from './http-client.ts';

/** The API takes at most this many invitations per request. */
const MAX_INVITES_PER_REQUEST = 200;

/**
 * The fake model: about one message in three first lists the workspace files (a tool call, so
 * the assistant's tool loop and a second model call are part of the load), then answers in text.
 * It waits `delayMs` before each answer, as a real model takes time to start.
 */
export function scriptAssistant(llm: FakeLlmServer, delayMs: number): void {
  let calls = 0;
  llm.respondWith('anthropic', (body) => {
    calls += 1;
    const messages = (body as { messages: Array<{ content: unknown }> }).messages;
    const last = messages.at(-1)?.content;
    const afterTool =
      Array.isArray(last) && last.some((block) => (block as { type?: string }).type === 'tool_result');
    const reply: FakeReply =
      !afterTool && calls % 3 === 0
        ? { text: 'Let me look at your files first.', toolUse: { name: 'list_files', input: {} } }
        : {
            text:
              'Start from the visible tests: each one names an input and the expected output. Write the ' +
              'simplest loop that passes the first, run the tests, then handle the edge cases (empty ' +
              'input, duplicates, negative numbers) one at a time. Keep the function pure so it is easy to test.',
          };
    return { ...reply, delayMs };
  });
}

/** The organization and who acts in it. */
export interface Organization {
  database: DatabaseHandle;
  organizationId: string;
  owner: TestMember;
  recruiters: TestMember[];
}

/**
 * An organization with credits for every invitation, its owner and `recruiters` members with the
 * RECRUITER role, written straight to the database (signed-in sessions, as the tests do: sign-up
 * and sign-in are not what this bench measures).
 */
export async function createOrganization(
  databaseUrl: string,
  candidates: number,
  recruiters: number,
  logger: Logger,
): Promise<Organization> {
  const database = await openDatabase({ url: databaseUrl, dataDir: '/nonexistent', logger });
  const organizationId = await createTestOrganization(database.db, candidates + 10);
  const owner = await createTestMember(database.db, { role: 'OWNER', organizationId });
  const members: TestMember[] = [];
  for (let index = 0; index < recruiters; index += 1) {
    members.push(await createTestMember(database.db, { role: 'RECRUITER', organizationId }));
  }
  return { database, organizationId, owner, recruiters: members };
}

/** One invitation: the candidate's id (for the recruiter's report) and the token of the link. */
export interface Invitation {
  candidateId: string;
  token: string;
}

async function expectStatus<T>(
  pending: ReturnType<LoadHttpClient['request']>,
  status: number,
  what: string,
): Promise<T> {
  const result = await pending;
  if (result.status !== status) {
    throw new Error(`${what}: ${result.status} ${result.transportError ?? result.text.slice(0, 500)}`);
  }
  return JSON.parse(result.text) as T;
}

/** Creates and publishes a bank assessment as `owner` and invites `count` candidates. */
export async function publishAndInvite(
  client: LoadHttpClient,
  owner: TestMember,
  count: number,
  durationMinutes: number,
): Promise<{ assessmentId: string; invitations: Invitation[] }> {
  const created = await expectStatus<{ assessment: { id: string } }>(
    client.request('POST', '/api/assessments', {
      headers: owner.headers(true),
      body: {
        title: 'Load and soak',
        role: 'backend',
        seniority: 'mid',
        durationMinutes,
        languages: ['python'],
        aiPolicy: 'pair_programming',
        questionPlan: { count: 2 },
      },
    }),
    201,
    'create the assessment',
  );
  const assessmentId = created.assessment.id;
  await expectStatus(
    client.request('POST', `/api/assessments/${assessmentId}/publish`, {
      headers: owner.headers(true),
      body: {},
    }),
    200,
    'publish',
  );
  const invitations: Invitation[] = [];
  for (let offset = 0; offset < count; offset += MAX_INVITES_PER_REQUEST) {
    const size = Math.min(MAX_INVITES_PER_REQUEST, count - offset);
    const invited = await expectStatus<{ invited: Array<{ id: string; invitationLink: string }> }>(
      client.request('POST', `/api/assessments/${assessmentId}/candidates`, {
        headers: owner.headers(true),
        body: {
          candidates: Array.from({ length: size }, (_, index) => ({
            email: `load-${offset + index}@example.test`,
            name: `Candidate ${offset + index}`,
          })),
          sendEmail: false,
        },
        timeoutMs: 120_000,
      }),
      201,
      'invite',
    );
    for (const entry of invited.invited) {
      invitations.push({ candidateId: entry.id, token: entry.invitationLink.split('/').at(-1) ?? '' });
    }
  }
  if (invitations.length !== count) throw new Error(`invited ${invitations.length} of ${count}`);
  return { assessmentId, invitations };
}

/**
 * The run's database connections as PostgreSQL sees them, by state (active = a query running or
 * waiting on a lock, idle = in a pool): with 10 per process, all active means the pools are the queue.
 */
export function createConnectionSampler(databaseUrl: string, databaseName: string) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'load-bench-sampler' });
  const connected = client.connect();
  connected.catch(() => undefined);
  return {
    async sample(): Promise<{ active: number; idle: number; waitingOnLock: number } | null> {
      try {
        await connected;
        const result = await client.query<{ active: string; idle: string; waiting: string }>(
          `select count(*) filter (where state = 'active') as active,
                  count(*) filter (where state like 'idle%') as idle,
                  count(*) filter (where wait_event_type = 'Lock') as waiting
             from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid() and application_name <> 'load-bench-sampler'`,
          [databaseName],
        );
        const row = result.rows[0];
        return row
          ? { active: Number(row.active), idle: Number(row.idle), waitingOnLock: Number(row.waiting) }
          : null;
      } catch {
        return null;
      }
    },
    close: () => client.end().catch(() => undefined),
  };
}

/** Per session as stored: client events, all rows, and whether seqs run 1..n without a gap. */
export interface StoredSession {
  clientEvents: number;
  rows: number;
  gapFree: boolean;
  lastEventSeq: number;
}

/** Reads what the database holds for `sessionIds`, with a connection of its own. */
export async function storedEvents(
  databaseUrl: string,
  sessionIds: string[],
): Promise<Map<string, StoredSession>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{
      session_id: string;
      client_events: string;
      rows: string;
      min_seq: string;
      max_seq: string;
      distinct_seqs: string;
      last_event_seq: string;
    }>(
      `select e.session_id, count(e.client_seq) as client_events, count(*) as rows, min(e.seq) as min_seq,
              max(e.seq) as max_seq, count(distinct e.seq) as distinct_seqs, s.last_event_seq
         from session_events e join interview_sessions s on s.id = e.session_id
        where e.session_id = any($1::uuid[])
        group by e.session_id, s.last_event_seq`,
      [sessionIds],
    );
    return new Map(
      result.rows.map((row) => {
        const rows = Number(row.rows);
        return [
          row.session_id,
          {
            clientEvents: Number(row.client_events),
            rows,
            gapFree:
              Number(row.min_seq) === 1 &&
              Number(row.max_seq) === rows &&
              Number(row.distinct_seqs) === rows &&
              Number(row.last_event_seq) === rows,
            lastEventSeq: Number(row.last_event_seq),
          },
        ];
      }),
    );
  } finally {
    await client.end();
  }
}
