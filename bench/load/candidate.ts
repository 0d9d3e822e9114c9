/**
 * One simulated candidate, shaped like the browser workspace (web/src/candidate): after consent it
 * sends its queued editor and integrity events every 2 s (a failed batch stays queued and goes
 * again with the same clientSeqs, after the browser's backoff), autosaves its solution, saves and
 * runs the visible tests every minute, and asks the AI assistant something every 90 s, reading
 * the SSE answer to its end. Each activity starts at a random phase so candidates do not march
 * in step; a run, chat or save still going when its next turn comes skips that turn (the person
 * is waiting for it) — skips are counted. Events keep being queued meanwhile, as typing goes on.
 */
import type { LoadHttpClient } from './http-client.ts';
import type { LoadOptions } from './options.ts';
import { failureOf, type Recorder } from './recorder.ts';

/** An event as `POST /api/interview/:id/events/batch` takes it. */
interface ClientEvent {
  clientSeq: number;
  type: string;
  ts: string;
  questionId?: string;
  filePath?: string;
  data: Record<string, unknown>;
}

/** Presses of Start before a candidate gives up (counted as not started). */
const START_ATTEMPTS = 4;
/** The server takes at most 500 events per batch. */
const MAX_BATCH_EVENTS = 500;
/** The browser's backoff after a failed batch: 2 s, doubling, at most 60 s. */
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60_000;

const chatMessages = [
  'Why does my second visible test fail?',
  'Is there a faster way than two nested loops here?',
  'What edge cases should I think about for empty input?',
  'Can you explain what the expected output of the first test means?',
  'How would you name this helper function?',
];

export interface CandidateFigures {
  /** Distinct events generated (each clientSeq once). */
  generated: number;
  /** Events the server acknowledged (accepted or reported as duplicates of an earlier delivery). */
  acknowledged: number;
  /** Events still queued at the end (not delivered within the drain time). */
  pending: number;
  batches: number;
  retriedBatches: number;
  skipped: { run: number; chat: number; save: number };
  runStatuses: Map<string, number>;
}

export interface SimulatedCandidate {
  readonly sessionId: string;
  readonly candidateId: string;
  /** Consents and starts; false when the start failed (counted as an error). */
  start(): Promise<boolean>;
  /** Schedules the activities; they run until `stop`. */
  begin(): void;
  /** Stops scheduling; resolves when every request in flight has finished. */
  stop(): Promise<void>;
  /** Sends what is still queued, retrying, until empty or `deadline` (performance.now()). */
  drain(deadline: number): Promise<void>;
  figures(): CandidateFigures;
}

/** The parsed body, or undefined when it is not JSON (the caller counts that as a failure). */
function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Uniform in [low, high). */
const between = (low: number, high: number) => low + Math.random() * (high - low);

/** A plausible mix of what the editor and the integrity monitor record, with small payloads. */
function makeEvent(clientSeq: number, ts: string, questionId: string, filePath: string): ClientEvent {
  const roll = Math.random();
  const common = { clientSeq, ts, questionId };
  if (roll < 0.6) {
    return {
      ...common,
      type: 'editor.typing',
      filePath,
      data: { chars: 1 + Math.floor(Math.random() * 8), line: 3 + (clientSeq % 40), column: clientSeq % 60 },
    };
  }
  if (roll < 0.8) {
    return {
      ...common,
      type: 'editor.cursor_moved',
      filePath,
      data: { line: clientSeq % 40, column: clientSeq % 30 },
    };
  }
  if (roll < 0.88) return { ...common, type: 'editor.selection', filePath, data: { from: 10, to: 42 } };
  if (roll < 0.93) return { ...common, type: 'integrity.focus_lost', data: { reason: 'blur' } };
  if (roll < 0.97)
    return { ...common, type: 'integrity.focus_gained', data: { awayMs: Math.floor(between(200, 9_000)) } };
  if (roll < 0.985) return { ...common, type: 'integrity.paste', filePath, data: { chars: 48, lines: 3 } };
  return { ...common, type: 'ui.panel_opened', data: { panel: 'tests' } };
}

export function createCandidate(options: {
  client: LoadHttpClient;
  recorder: Recorder;
  load: LoadOptions;
  token: string;
  candidateId: string;
}): SimulatedCandidate {
  const { client, recorder, load } = options;
  let sessionId = '';
  let auth: Record<string, string> = {};
  let questionId = '';
  let mainFile = 'solution.py';
  let starter = '';
  let lastClientSeq = 0;
  let pending: ClientEvent[] = [];
  let inFlight: Promise<void> | undefined;
  let failures = 0;
  let retryAt = 0;
  let edits = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const busy = new Set<Promise<unknown>>();
  const figures: CandidateFigures = {
    generated: 0,
    acknowledged: 0,
    pending: 0,
    batches: 0,
    retriedBatches: 0,
    skipped: { run: 0, chat: 0, save: 0 },
    runStatuses: new Map(),
  };

  /** Runs `task` every `periodMs` from a random phase, skipping a turn while it is still running. */
  const every = (
    periodMs: number,
    skip: keyof CandidateFigures['skipped'] | undefined,
    task: () => Promise<void>,
  ) => {
    let running: Promise<void> | undefined;
    let next = performance.now() + between(0, periodMs);
    const schedule = () => {
      if (stopped) return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          tick();
        },
        Math.max(0, next - performance.now()),
      );
      timers.add(timer);
    };
    const tick = () => {
      // ±5 % so that candidates which started together drift apart.
      next += periodMs * between(0.95, 1.05);
      if (stopped) return;
      if (running) {
        if (skip) figures.skipped[skip] += 1;
      } else {
        const current = task().finally(() => {
          running = undefined;
          busy.delete(current);
        });
        running = current;
        busy.add(current);
      }
      schedule();
    };
    schedule();
  };

  /** The browser's numbering: one more than the last, never below the clock in µs-sized steps. */
  const nextClientSeq = () => {
    lastClientSeq = Math.max(lastClientSeq + 1, Date.now() * 1000);
    return lastClientSeq;
  };

  const enqueueEvents = () => {
    const count = 1 + Math.floor(Math.random() * (2 * load.batchEvents - 1));
    const ts = new Date().toISOString();
    for (let index = 0; index < count; index += 1) {
      pending.push(makeEvent(nextClientSeq(), ts, questionId, mainFile));
    }
    figures.generated += count;
  };

  /** Sends the oldest queued events as one batch; on failure they stay queued for the next flush. */
  const flush = (): Promise<void> => {
    if (inFlight || pending.length === 0 || performance.now() < retryAt) return inFlight ?? Promise.resolve();
    const batch = pending.slice(0, MAX_BATCH_EVENTS);
    const retry = failures > 0;
    const current = (async () => {
      const result = await client.request('POST', `/api/interview/${sessionId}/events/batch`, {
        headers: auth,
        body: { events: batch },
      });
      figures.batches += 1;
      if (retry) figures.retriedBatches += 1;
      let failure: string | undefined;
      if (result.status === 200) {
        const body = parseJson<{ accepted: number; duplicates: number }>(result.text) ?? {
          accepted: Number.NaN,
          duplicates: Number.NaN,
        };
        // A retry may find some events stored by an attempt whose answer was lost: duplicates.
        if (body.accepted + body.duplicates !== batch.length) {
          failure = `200 but ${body.accepted}+${body.duplicates} of ${batch.length}`;
        } else if (!retry && body.duplicates > 0) {
          failure = `200 with ${body.duplicates} duplicates on a first delivery`;
        }
      } else {
        failure = failureOf(result);
      }
      recorder.record('events', result.ms, failure);
      if (result.status === 200) {
        figures.acknowledged += batch.length;
        pending = pending.slice(batch.length);
        failures = 0;
        retryAt = 0;
      } else {
        failures += 1;
        retryAt = performance.now() + Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1));
      }
    })().finally(() => {
      inFlight = undefined;
    });
    inFlight = current;
    return current;
  };

  const save = async () => {
    edits += 1;
    const result = await client.request('PUT', `/api/interview/${sessionId}/file`, {
      headers: auth,
      body: { path: mainFile, content: `${starter}\n# edit ${edits}: ${'x'.repeat(edits % 40)}\n` },
    });
    recorder.record('save', result.ms, result.status === 200 ? undefined : failureOf(result));
  };

  const run = async () => {
    // The browser writes pending edits before it runs the tests.
    await save();
    const result = await client.request('POST', `/api/interview/${sessionId}/run`, {
      headers: auth,
      timeoutMs: 60_000,
    });
    recorder.record('run', result.ms, result.status === 200 ? undefined : failureOf(result));
    if (result.status === 200) {
      const status = parseJson<{ status: string }>(result.text)?.status ?? 'unreadable';
      figures.runStatuses.set(status, (figures.runStatuses.get(status) ?? 0) + 1);
    }
  };

  const chat = async () => {
    const message = chatMessages[Math.floor(Math.random() * chatMessages.length)] ?? 'Hello';
    const result = await client.stream(`/api/interview/${sessionId}/chat`, {
      headers: auth,
      body: { message },
      timeoutMs: 120_000,
    });
    let failure: string | undefined;
    if (result.status !== 200) failure = failureOf(result);
    else if (result.errorData !== undefined) failure = `SSE error ${result.errorData.slice(0, 120)}`;
    else if (result.events.at(-1) !== 'done')
      failure = `SSE ended without done (${result.events.at(-1) ?? 'nothing'})`;
    recorder.record('chat', result.ms, failure);
    if (Number.isFinite(result.firstEventMs)) recorder.latency('chatFirst', result.firstEventMs);
  };

  /** One press of Start (consent): the session, its credential, the question and the main file. */
  const startOnce = async (): Promise<boolean> => {
    const result = await client.request('POST', `/api/interview/start/${options.token}`, {
      body: { consent: true },
      timeoutMs: 60_000,
    });
    const body =
      result.status === 201 || result.status === 200
        ? parseJson<{
            sessionId: string;
            credential: string;
            state: { question: { id: string } | null; files: Array<{ path: string; content: string }> };
          }>(result.text)
        : undefined;
    recorder.record('start', result.ms, body ? undefined : failureOf(result));
    if (!body) return false;
    sessionId = body.sessionId;
    auth = { authorization: `Bearer ${body.credential}` };
    questionId = body.state.question?.id ?? '';
    const file = body.state.files.find((entry) => entry.path.startsWith('solution')) ?? body.state.files[0];
    if (file) {
      mainFile = file.path;
      starter = file.content;
    }
    return true;
  };

  return {
    get sessionId() {
      return sessionId;
    },
    candidateId: options.candidateId,

    async start() {
      // A person whose Start failed presses it again; a session the failed attempt did create is
      // resumed by the next one. Every failed attempt still counts as an error.
      for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
        if (await startOnce()) return true;
        if (attempt < START_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
      }
      return false;
    },

    begin() {
      // The candidate keeps typing while a batch is on its way: events are queued on every tick,
      // and the flush sends them unless a batch is still in flight or backing off (as the browser).
      every(load.batchEverySeconds * 1000, undefined, async () => {
        enqueueEvents();
        void flush();
      });
      every(load.runEverySeconds * 1000, 'run', run);
      every(load.chatEverySeconds * 1000, 'chat', chat);
      if (load.saveEverySeconds > 0) every(load.saveEverySeconds * 1000, 'save', save);
    },

    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...busy, inFlight]);
    },

    async drain(deadline) {
      while (pending.length > 0 && performance.now() < deadline) {
        if (performance.now() < retryAt) {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(retryAt, deadline) - performance.now()),
          );
          continue;
        }
        await flush();
      }
    },

    figures: () => ({ ...figures, pending: pending.length }),
  };
}
