/**
 * Event ingestion (`POST /api/interview/:id/events/batch`) under concurrent candidates, against the
 * cheapest possible storage of the same events, in the same run and the same database:
 *   - ours: the real platform (`startPlatform`, role `api`) on a fresh PostgreSQL database; N
 *     candidates invited and started over HTTP, each sending K sequential batches of B events over
 *     a keep-alive connection, all candidates at once — so every batch pays HTTP, the rate limit,
 *     the credential check, validation, the session lock, clientSeq dedupe, the seq counter and the
 *     interview-agent notification;
 *   - raw: N other started sessions, the same events (same generator, batch size and concurrency),
 *     each batch one multi-row INSERT into session_events with explicit seq values through a `pg`
 *     Pool as large as the platform's (10).
 * Target: ours ≥ 0.5× raw in events/s (medians of interleaved rounds). Afterwards every session's
 * rows are counted (none lost) and its seqs checked gap-free from 1.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres: a database is created
 * next to it and dropped at the end), BENCH_REDIS_URL (default redis://127.0.0.1:6379, keys under a
 * unique prefix, deleted at the end). Sizes: INGEST_CANDIDATES (50), INGEST_BATCHES per candidate
 * per round (15), INGEST_BATCH_EVENTS (20), INGEST_ROUNDS (4).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/env.ts';
import { type RunningPlatform, startPlatform } from '../src/main.ts';
import { createLogger } from '../src/platform/logger.ts';
import { findFreePort } from '../src/platform/redis/embedded-server.ts';
import { createTestMember, createTestOrganization, type TestMember } from '../test/support/accounts.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { createFreshDatabase, deleteRedisKeys } from './scratch-services.ts';
import { summarizeLatencies } from './stats.ts';

/** A positive whole number from the environment, or `fallback`. */
function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const CANDIDATES = intFromEnv('INGEST_CANDIDATES', 50);
const BATCHES = intFromEnv('INGEST_BATCHES', 15);
const EVENTS_PER_BATCH = intFromEnv('INGEST_BATCH_EVENTS', 20);
const ROUNDS = intFromEnv('INGEST_ROUNDS', 4);
const WARMUP_BATCHES = Math.max(1, Math.ceil(BATCHES / 4));
/** The platform's PostgreSQL pool (src/platform/db/client.ts): the raw side gets as many connections. */
const POOL_SIZE = 10;
const TARGET_RATIO = 0.5;
const MAX_INVITES_PER_REQUEST = 200;

/** One started interview and where the next events of each side are numbered from. */
interface Candidate {
  sessionId: string;
  credential: string;
  questionId: string;
  /** Events the server recorded itself at start (seq 1..initialSeq). */
  initialSeq: number;
  nextClientSeq: number;
  /** Raw side: the next seq it writes explicitly. */
  nextSeq: number;
  sent: number;
}

/** An event as the browser sends it. */
interface ClientEvent {
  clientSeq: number;
  type: string;
  ts: string;
  filePath?: string;
  data: Record<string, unknown>;
}

/** A plausible mix of what the editor and the integrity monitor send, with small payloads. */
function makeEvent(clientSeq: number, ts: string): ClientEvent {
  const pick = clientSeq % 20;
  if (pick < 13) {
    return {
      clientSeq,
      type: 'editor.typing',
      ts,
      filePath: 'solution.py',
      data: { chars: 1 + (clientSeq % 7), line: 3 + (clientSeq % 40), column: clientSeq % 60 },
    };
  }
  if (pick < 16) {
    return {
      clientSeq,
      type: 'editor.cursor_moved',
      ts,
      filePath: 'solution.py',
      data: { line: clientSeq % 40, column: clientSeq % 30, selection: 0 },
    };
  }
  if (pick === 16) return { clientSeq, type: 'integrity.focus_lost', ts, data: {} };
  if (pick === 17) return { clientSeq, type: 'integrity.focus_gained', ts, data: { awayMs: 1_200 } };
  if (pick === 18) return { clientSeq, type: 'integrity.paste', ts, data: { chars: 48, lines: 3 } };
  return { clientSeq, type: 'ui.panel_opened', ts, data: { panel: 'tests' } };
}

/** The next batch of `candidate`, numbered from its next clientSeq. */
function nextBatch(candidate: Candidate): ClientEvent[] {
  const ts = new Date().toISOString();
  const events: ClientEvent[] = [];
  for (let i = 0; i < EVENTS_PER_BATCH; i += 1) {
    events.push(makeEvent(candidate.nextClientSeq, ts));
    candidate.nextClientSeq += 1;
  }
  return events;
}

/** A minimal keep-alive JSON client (lighter than fetch: the load generator shares the CPU). */
function createClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const base = new URL(baseUrl);
  return {
    request(
      method: string,
      pathName: string,
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; text: string }> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host: base.hostname,
            port: base.port,
            method,
            path: pathName,
            headers: {
              ...headers,
              ...(payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
            );
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
type Client = ReturnType<typeof createClient>;

async function expectJson<T>(
  pending: Promise<{ status: number; text: string }>,
  status: number[],
  what: string,
): Promise<T> {
  const response = await pending;
  if (!status.includes(response.status)) throw new Error(`${what}: ${response.status} ${response.text}`);
  return JSON.parse(response.text) as T;
}

/** Publishes a bank assessment and starts `count` interviews over HTTP, as candidates do. */
async function startCandidates(client: Client, owner: TestMember, count: number): Promise<Candidate[]> {
  const created = await expectJson<{ assessment: { id: string } }>(
    client.request(
      'POST',
      '/api/assessments',
      {
        title: 'Ingest benchmark',
        role: 'backend',
        seniority: 'mid',
        durationMinutes: 120,
        languages: ['python'],
        aiPolicy: 'pair_programming',
        questionPlan: { count: 2 },
      },
      owner.headers(true),
    ),
    [201],
    'create assessment',
  );
  const assessmentId = created.assessment.id;
  await expectJson(
    client.request('POST', `/api/assessments/${assessmentId}/publish`, {}, owner.headers(true)),
    [200],
    'publish',
  );
  const tokens: string[] = [];
  for (let offset = 0; offset < count; offset += MAX_INVITES_PER_REQUEST) {
    const size = Math.min(MAX_INVITES_PER_REQUEST, count - offset);
    const invited = await expectJson<{ invited: Array<{ invitationLink: string }> }>(
      client.request(
        'POST',
        `/api/assessments/${assessmentId}/candidates`,
        {
          candidates: Array.from({ length: size }, (_, index) => ({
            email: `ingest-${offset + index}@example.test`,
            name: `Candidate ${offset + index}`,
          })),
          sendEmail: false,
        },
        owner.headers(true),
      ),
      [201],
      'invite',
    );
    for (const entry of invited.invited) tokens.push(entry.invitationLink.split('/').at(-1) ?? '');
  }
  if (tokens.length !== count) throw new Error(`invited ${tokens.length} of ${count}`);
  const started: Candidate[] = [];
  for (let offset = 0; offset < tokens.length; offset += 10) {
    const chunk = await Promise.all(
      tokens.slice(offset, offset + 10).map(async (token) => {
        const body = await expectJson<{
          sessionId: string;
          credential: string;
          state: { question: { id: string } | null; session: { lastEventSeq: number } };
        }>(client.request('POST', `/api/interview/start/${token}`, { consent: true }), [201], 'start');
        if (!body.state.question) throw new Error('start served no question');
        const initialSeq = body.state.session.lastEventSeq;
        return {
          sessionId: body.sessionId,
          credential: body.credential,
          questionId: body.state.question.id,
          initialSeq,
          nextClientSeq: 1,
          nextSeq: initialSeq + 1,
          sent: 0,
        } satisfies Candidate;
      }),
    );
    started.push(...chunk);
  }
  return started;
}

/** One round of one side: every candidate sends `batches` batches in sequence, all at once. */
async function runRound(
  candidates: Candidate[],
  batches: number,
  send: (candidate: Candidate, events: ClientEvent[]) => Promise<void>,
): Promise<{ eventsPerSecond: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    candidates.map(async (candidate) => {
      for (let batch = 0; batch < batches; batch += 1) {
        const events = nextBatch(candidate);
        const sentAt = performance.now();
        await send(candidate, events);
        latenciesMs.push(performance.now() - sentAt);
        candidate.sent += events.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: (candidates.length * batches * EVENTS_PER_BATCH) / seconds, latenciesMs };
}

/** The multi-row INSERT of the raw side: the same columns ours writes, explicit seq values. */
function rawInsert(candidate: Candidate, events: ClientEvent[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const event of events) {
    const at = values.length;
    values.push(
      candidate.sessionId,
      candidate.nextSeq,
      event.clientSeq,
      event.ts,
      event.type,
      'candidate',
      candidate.questionId,
      event.filePath ?? null,
      JSON.stringify(event.data),
    );
    candidate.nextSeq += 1;
    rows.push(`(${Array.from({ length: 9 }, (_, column) => `$${at + column + 1}`).join(', ')})`);
  }
  return {
    text:
      'insert into session_events (session_id, seq, client_seq, ts, type, origin, question_id, file_path, data) values ' +
      rows.join(', '),
    values,
  };
}

/** Samples a pool's waiting clients while `run` lasts; resolves with the mean and the peak. */
async function samplePool<T>(
  pool: pg.Pool,
  run: () => Promise<T>,
): Promise<{ result: T; meanWaiting: number; peakWaiting: number }> {
  let total = 0;
  let samples = 0;
  let peak = 0;
  const timer = setInterval(() => {
    total += pool.waitingCount;
    samples += 1;
    peak = Math.max(peak, pool.waitingCount);
  }, 5);
  try {
    const result = await run();
    return { result, meanWaiting: samples === 0 ? 0 : total / samples, peakWaiting: peak };
  } finally {
    clearInterval(timer);
  }
}

/** Per session: rows, lowest and highest seq, distinct seqs and clientSeqs, and the stored counter. */
interface StoredFigures {
  sessionId: string;
  rows: number;
  minSeq: number;
  maxSeq: number;
  distinctSeqs: number;
  clientRows: number;
  distinctClientSeqs: number;
  lastEventSeq: number;
}

async function storedFigures(pool: pg.Pool, sessionIds: string[]): Promise<Map<string, StoredFigures>> {
  const result = await pool.query<Record<keyof StoredFigures, string>>(
    `select e.session_id as "sessionId", count(*) as rows, min(e.seq) as "minSeq", max(e.seq) as "maxSeq",
            count(distinct e.seq) as "distinctSeqs", count(e.client_seq) as "clientRows",
            count(distinct e.client_seq) as "distinctClientSeqs", s.last_event_seq as "lastEventSeq"
       from session_events e join interview_sessions s on s.id = e.session_id
      where e.session_id = any($1::uuid[])
      group by e.session_id, s.last_event_seq`,
    [sessionIds],
  );
  return new Map(
    result.rows.map((row) => [
      row.sessionId,
      {
        sessionId: row.sessionId,
        rows: Number(row.rows),
        minSeq: Number(row.minSeq),
        maxSeq: Number(row.maxSeq),
        distinctSeqs: Number(row.distinctSeqs),
        clientRows: Number(row.clientRows),
        distinctClientSeqs: Number(row.distinctClientSeqs),
        lastEventSeq: Number(row.lastEventSeq),
      },
    ]),
  );
}

/** Problems found in the stored rows of one side; empty when every event is there, numbered 1..n. */
function checkSide(
  candidates: Candidate[],
  stored: Map<string, StoredFigures>,
  side: 'ours' | 'raw',
): { problems: string[]; sent: number; stored: number } {
  const problems: string[] = [];
  let sent = 0;
  let storedEvents = 0;
  for (const candidate of candidates) {
    const figures = stored.get(candidate.sessionId);
    const expectedRows = candidate.initialSeq + candidate.sent;
    sent += candidate.sent;
    if (!figures) {
      problems.push(`${side} ${candidate.sessionId}: no rows`);
      continue;
    }
    storedEvents += figures.clientRows;
    const gapFree =
      figures.minSeq === 1 && figures.maxSeq === expectedRows && figures.distinctSeqs === expectedRows;
    if (figures.rows !== expectedRows || figures.clientRows !== candidate.sent || !gapFree) {
      problems.push(
        `${side} ${candidate.sessionId}: ${figures.clientRows}/${candidate.sent} events, seq ${figures.minSeq}..${figures.maxSeq} (${figures.distinctSeqs} distinct) of ${expectedRows} rows`,
      );
    }
    if (figures.distinctClientSeqs !== candidate.sent) {
      problems.push(`${side} ${candidate.sessionId}: ${figures.distinctClientSeqs} distinct clientSeqs`);
    }
    // Only ours keeps the session's counter; the raw side skips it on purpose.
    if (side === 'ours' && figures.lastEventSeq !== expectedRows) {
      problems.push(`ours ${candidate.sessionId}: last_event_seq ${figures.lastEventSeq} != ${expectedRows}`);
    }
  }
  return { problems, sent, stored: storedEvents };
}

/** Nearest-rank percentile of `values` (ms). */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * fraction) - 1)] ?? Number.NaN;
}

const median = (values: number[]) => summarizeLatencies(values).medianMs;
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

async function run(): Promise<BenchmarkReport> {
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-ingest-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'interviewlm-bench-'));
  const logger = createLogger({ level: 'silent', name: 'bench' });
  const setupStarted = performance.now();
  const database = await createFreshDatabase(adminUrl, 'ilm_bench');
  const databaseUrl = database.url;
  let platform: RunningPlatform | undefined;
  let client: Client | undefined;
  let rawPool: pg.Pool | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      PORT: String(await findFreePort()),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      // Every request comes from 127.0.0.1: the per-IP limit would otherwise stop the candidates.
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'silent',
      // No sandbox pool: nothing here runs code, and pre-started sandboxes would take CPU.
      SANDBOX_MODE: 'queue',
      LLM_PROVIDER: 'offline',
      PATH: process.env.PATH,
    });
    platform = await startPlatform({ config, role: 'api', logger });
    const db = platform.database.db;
    // drizzle keeps the node-postgres pool it runs on; sampling it shows queries waiting for a connection.
    const platformPool = (db as unknown as { $client: pg.Pool }).$client;
    const organizationId = await createTestOrganization(db, 2 * CANDIDATES + 10);
    const owner = await createTestMember(db, { role: 'OWNER', organizationId });
    client = createClient(platform.url ?? '', CANDIDATES + 10);
    const api = client;
    const started = await startCandidates(api, owner, 2 * CANDIDATES);
    const ours = started.slice(0, CANDIDATES);
    const raw = started.slice(CANDIDATES);
    rawPool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
    const pool = rawPool;
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const sendOurs = async (candidate: Candidate, events: ClientEvent[]) => {
      const response = await api.request(
        'POST',
        `/api/interview/${candidate.sessionId}/events/batch`,
        { events },
        { authorization: `Bearer ${candidate.credential}` },
      );
      if (response.status !== 200) throw new Error(`events/batch: ${response.status} ${response.text}`);
      const body = JSON.parse(response.text) as { accepted: number; duplicates: number };
      if (body.accepted !== events.length || body.duplicates !== 0) {
        throw new Error(`events/batch accepted ${body.accepted} of ${events.length}`);
      }
    };
    const sendRaw = async (candidate: Candidate, events: ClientEvent[]) => {
      const insert = rawInsert(candidate, events);
      const result = await pool.query(insert.text, insert.values);
      if (result.rowCount !== events.length) throw new Error(`raw insert stored ${result.rowCount}`);
    };
    const sides = {
      ours: { candidates: ours, send: sendOurs, pool: platformPool },
      raw: { candidates: raw, send: sendRaw, pool },
    };

    // Warm-up: connections opened on both pools and the HTTP agent, JIT, plans cached.
    await runRound(ours, WARMUP_BATCHES, sendOurs);
    await runRound(raw, WARMUP_BATCHES, sendRaw);

    const rates = { ours: [] as number[], raw: [] as number[] };
    const latencies = { ours: [] as number[], raw: [] as number[] };
    const waiting = { ours: [] as number[], raw: [] as number[] };
    // CPU of this process per batch: the load generator plus, for ours, the whole server side.
    const cpuMs = { ours: [] as number[], raw: [] as number[] };
    const peakWaiting = { ours: 0, raw: 0 };
    const measureStarted = performance.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const);
      for (const side of order) {
        const { candidates, send, pool: sidePool } = sides[side];
        const cpuBefore = process.cpuUsage();
        const sampled = await samplePool(sidePool, () => runRound(candidates, BATCHES, send));
        const cpu = process.cpuUsage(cpuBefore);
        cpuMs[side].push((cpu.user + cpu.system) / 1000 / (candidates.length * BATCHES));
        rates[side].push(sampled.result.eventsPerSecond);
        latencies[side].push(...sampled.result.latenciesMs);
        waiting[side].push(sampled.meanWaiting);
        peakWaiting[side] = Math.max(peakWaiting[side], sampled.peakWaiting);
      }
    }
    const measureSeconds = (performance.now() - measureStarted) / 1000;

    const stored = await storedFigures(
      pool,
      started.map((candidate) => candidate.sessionId),
    );
    const oursCheck = checkSide(ours, stored, 'ours');
    const rawCheck = checkSide(raw, stored, 'raw');
    const problems = [...oursCheck.problems, ...rawCheck.problems];
    if (problems.length > 0) {
      throw new Error(`stored events do not match what was sent:\n${problems.slice(0, 10).join('\n')}`);
    }

    const ratio = median(rates.ours) / median(rates.raw);
    const p50 = { ours: median(latencies.ours), raw: median(latencies.raw) };
    const p99 = { ours: percentile(latencies.ours, 0.99), raw: percentile(latencies.raw, 0.99) };
    const perRound = CANDIDATES * BATCHES * EVENTS_PER_BATCH;
    return {
      headers: ['measure', 'ours (HTTP)', 'raw INSERT', 'ours / raw'],
      rows: [
        [
          `events/s (median of ${ROUNDS} rounds × ${thousands(perRound)} events)`,
          thousands(median(rates.ours)),
          thousands(median(rates.raw)),
          `${ratio.toFixed(2)}x`,
        ],
        ['events/s, each round', rates.ours.map(thousands).join(' '), rates.raw.map(thousands).join(' '), ''],
        [
          'batch latency p50 ms',
          p50.ours.toFixed(2),
          p50.raw.toFixed(2),
          `${(p50.ours / p50.raw).toFixed(2)}x`,
        ],
        [
          'batch latency p99 ms',
          p99.ours.toFixed(2),
          p99.raw.toFixed(2),
          `${(p99.ours / p99.raw).toFixed(2)}x`,
        ],
        [
          'CPU of this Node process per batch ms (median)',
          median(cpuMs.ours).toFixed(2),
          median(cpuMs.raw).toFixed(2),
          `${(median(cpuMs.ours) / median(cpuMs.raw)).toFixed(1)}x`,
        ],
        [
          `queries waiting for a pool connection (round mean, peak; pool ${POOL_SIZE})`,
          `${median(waiting.ours).toFixed(1)}, ${peakWaiting.ours}`,
          `${median(waiting.raw).toFixed(1)}, ${peakWaiting.raw}`,
          '',
        ],
        [
          'events stored / sent (warm-up included)',
          `${thousands(oursCheck.stored)} / ${thousands(oursCheck.sent)}`,
          `${thousands(rawCheck.stored)} / ${thousands(rawCheck.sent)}`,
          '',
        ],
      ],
      lines: [
        `${CANDIDATES} candidates per side at once, each ${BATCHES} sequential batches of ${EVENTS_PER_BATCH} events per round (${WARMUP_BATCHES} in the warm-up); rounds alternate which side goes first`,
        `latency: ${thousands(latencies.ours.length)} batches per side; ours over HTTP keep-alive, raw = pool wait + INSERT`,
        `correctness: ${2 * CANDIDATES} sessions, every event stored once, seqs 1..n without gaps, ours' last_event_seq = n`,
        `setup ${setupSeconds.toFixed(1)} s (database, migrations, bank, ${2 * CANDIDATES} starts); measured rounds ${measureSeconds.toFixed(1)} s`,
        `events/s, ours / raw INSERT: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'meets target' : 'MISSES target'})`,
      ],
    };
  } finally {
    client?.close();
    await rawPool?.end().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    await deleteRedisKeys(redisUrl, prefix).catch(() => undefined);
    await database.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'ingest',
  description: 'event batches over HTTP from concurrent candidates against raw multi-row INSERTs',
  run,
};
