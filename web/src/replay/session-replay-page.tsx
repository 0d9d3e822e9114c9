/**
 * The session replay at `/candidates/:id/replay?seq=<n>` (or `?session=<sessionId>`): every event
 * of the session on one scrubber, playback, the code at each moment (with the last change as a
 * diff), the details of each event, and the questions with their scores.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import '../candidate/candidate.css';
import './replay.css';
import { ApiError, describeError } from '../api/errors.ts';
import { CodeView } from './code-view.tsx';
import { EventDetails } from './event-details.tsx';
import { createReplayApi, type Replay } from './replay-api.ts';
import { Scrubber } from './scrubber.tsx';
import {
  changesFiles,
  diffRangeAt,
  EVENT_KINDS,
  type EventKind,
  fileChangeSeqs,
  filesVersionAt,
  formatElapsed,
  indexAtOrBefore,
  kindOf,
  parseSeqParam,
  playbackDelay,
  type StoredEvent,
  stepSeq,
  summarizeEvent,
} from './timeline-model.ts';

/** Props of `SessionReplayPage`. */
export interface SessionReplayPageProps {
  /** The interview session; read from `?session=` when absent. */
  sessionId?: string;
  /** The candidate (route `:id`): their session is looked up when no session id is given. */
  candidateId?: string;
  /** The event to open at; read from `?seq=` when absent. */
  initialSeq?: number;
  /** Keep `?seq=` in the address bar in step with the scrubber (default true). */
  syncUrl?: boolean;
}

const DEFAULT_KINDS: EventKind[] = ['file', 'run', 'ai', 'terminal', 'agent', 'integrity', 'milestone'];

function queryParam(name: string): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get(name);
}

function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function QuestionList({
  replay,
  currentQuestionId,
  onJump,
}: {
  replay: Replay;
  currentQuestionId: string | null;
  onJump(seq: number): void;
}) {
  const firstSeq = (type: string, questionId: string) =>
    replay.events.find((event) => event.type === type && event.questionId === questionId)?.seq;
  return (
    <section className="ilm-panel ilm-replay-questions" aria-labelledby="ilm-questions-title">
      <h2 id="ilm-questions-title" className="ilm-panel-title">
        Questions
      </h2>
      {replay.questions.length === 0 ? <p className="ilm-muted ilm-small">No question was served.</p> : null}
      <ol className="ilm-question-list">
        {replay.questions.map((question) => {
          const started = firstSeq('question.started', question.questionId);
          const submitted = firstSeq('question.submitted', question.questionId);
          const current = question.questionId === currentQuestionId;
          return (
            <li
              key={question.questionId}
              className={current ? 'ilm-question-current' : undefined}
              aria-current={current ? 'step' : undefined}
            >
              <div className="ilm-question-head">
                <span className="ilm-question-title">
                  {question.position + 1}. {question.title}
                </span>
                <span className={`ilm-badge ilm-difficulty-${question.difficulty}`}>
                  {question.difficulty}
                </span>
              </div>
              <div className="ilm-small">
                {question.score !== null ? (
                  <strong>Score {Math.round(question.score * 100)} %</strong>
                ) : (
                  <span className="ilm-muted">{question.submittedAt ? 'Not scored' : 'Not submitted'}</span>
                )}
                {question.autoSubmitted ? (
                  <span className="ilm-muted"> · submitted at the time limit</span>
                ) : null}
              </div>
              <div className="ilm-question-jumps">
                {started !== undefined ? (
                  <button type="button" className="ilm-link-button ilm-small" onClick={() => onJump(started)}>
                    Go to start{' '}
                    <span className="ilm-visually-hidden">of question {question.position + 1}</span>
                  </button>
                ) : null}
                {submitted !== undefined ? (
                  <button
                    type="button"
                    className="ilm-link-button ilm-small"
                    onClick={() => onJump(submitted)}
                  >
                    Go to submission{' '}
                    <span className="ilm-visually-hidden">of question {question.position + 1}</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function EventList({
  events,
  seq,
  startedAt,
  enabled,
  onJump,
}: {
  events: readonly StoredEvent[];
  seq: number;
  startedAt: string;
  enabled: ReadonlySet<EventKind>;
  onJump(seq: number): void;
}) {
  // A window of events around the current one, limited to the kinds shown.
  const shown = useMemo(() => events.filter((event) => enabled.has(kindOf(event.type))), [events, enabled]);
  const at = Math.max(0, indexAtOrBefore(shown, seq));
  const from = Math.max(0, at - 12);
  const slice = shown.slice(from, from + 30);
  return (
    <section className="ilm-panel ilm-event-list" aria-labelledby="ilm-event-list-title">
      <h2 id="ilm-event-list-title" className="ilm-panel-title">
        Events around this moment
      </h2>
      <ol className="ilm-events">
        {slice.map((event) => {
          const current = event.seq === seq;
          const kind = kindOf(event.type);
          return (
            <li key={event.seq}>
              <button
                type="button"
                className={`ilm-event-row ${current ? 'ilm-event-current' : ''}`}
                aria-current={current ? 'true' : undefined}
                onClick={() => onJump(event.seq)}
              >
                <span
                  className="ilm-legend-swatch"
                  style={{ background: EVENT_KINDS[kind].color }}
                  aria-hidden="true"
                />
                <span className="ilm-event-time">{formatElapsed(startedAt, event.ts)}</span>
                <span className="ilm-event-summary">{summarizeEvent(event)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The session replay page. */
export function SessionReplayPage(props: SessionReplayPageProps) {
  const explicitSession = props.sessionId ?? queryParam('session');
  const { candidateId } = props;
  const [sessionId, setSessionId] = useState(explicitSession ?? '');
  const requestedSeq = props.initialSeq ?? parseSeqParam(queryParam('seq'), 0, Number.MAX_SAFE_INTEGER);
  const syncUrl = props.syncUrl ?? true;
  const api = useMemo(() => createReplayApi(), []);

  const [replay, setReplay] = useState<Replay | null>(null);
  const [loadState, setLoadState] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const [seq, setSeq] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [enabled, setEnabled] = useState<Set<EventKind>>(() => new Set(DEFAULT_KINDS));
  const [mode, setMode] = useState<'code' | 'diff'>('code');
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [, setFilesLoaded] = useState(0);
  const [attempt, setAttempt] = useState(0);

  // Load the replay (all pages).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "Try again"
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setReplay(null);
    const load = async () => {
      let id = explicitSession;
      if (!id && candidateId) id = await api.sessionOfCandidate(candidateId, controller.signal);
      if (!id) {
        setError(
          candidateId
            ? {
                title: 'Nothing to replay yet',
                message: 'This candidate has not started the interview, so no session was recorded.',
              }
            : { title: 'No session selected', message: 'Open the replay from a candidate’s report.' },
        );
        return null;
      }
      setSessionId(id);
      return api.loadReplay(id, {
        signal: controller.signal,
        onProgress: (loaded, total) => setLoadState({ loaded, total }),
      });
    };
    load()
      .then((loaded) => {
        if (!loaded) return;
        setReplay(loaded);
        const first = loaded.events[0]?.seq ?? 0;
        const last = loaded.events.at(-1)?.seq ?? 0;
        const start = requestedSeq === null ? first : Math.min(Math.max(requestedSeq, first), last);
        setSeq(start);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        if (caught instanceof ApiError && caught.status === 404) {
          setError({
            title: 'Session not found',
            message: 'This interview session does not exist or belongs to another organization.',
          });
        } else {
          const described = describeError(caught);
          setError({ title: described.title, message: `${described.message}. ${described.action}` });
        }
      });
    return () => controller.abort();
  }, [api, explicitSession, candidateId, attempt]);

  const events = replay?.events ?? [];
  const min = events[0]?.seq ?? 0;
  const max = events.at(-1)?.seq ?? 0;
  const fileSeqs = useMemo(() => fileChangeSeqs(events), [events]);
  const index = indexAtOrBefore(events, seq);
  const current = index >= 0 ? events[index] : undefined;
  const version = filesVersionAt(fileSeqs, seq);
  const range = diffRangeAt(fileSeqs, seq);
  const present = useMemo(() => new Set(events.map((event) => kindOf(event.type))), [events]);

  // The files at this moment and just before the last change, fetched when the version changes.
  const files = replay ? api.cachedFilesAt(sessionId, version) : undefined;
  const previous = replay && range ? api.cachedFilesAt(sessionId, range.before) : replay ? [] : undefined;
  const beforeVersion = range?.before;
  useEffect(() => {
    if (!replay) return;
    const needed = beforeVersion === undefined ? [version] : [version, beforeVersion];
    let cancelled = false;
    setFilesError(null);
    Promise.all(needed.map((at) => api.filesAt(sessionId, at)))
      .then(() => {
        if (!cancelled) setFilesLoaded((n) => n + 1);
      })
      .catch((caught: unknown) => {
        if (!cancelled)
          setFilesError(caught instanceof Error ? caught.message : 'The files could not be loaded.');
      });
    return () => {
      cancelled = true;
    };
  }, [api, replay, sessionId, version, beforeVersion]);

  // Follow the file being changed; keep the choice otherwise, or fall back to the first file.
  useEffect(() => {
    if (!files) return;
    if (
      current &&
      changesFiles(current) &&
      current.filePath &&
      files.some((file) => file.path === current.filePath)
    ) {
      setSelectedPath(current.filePath);
      return;
    }
    setSelectedPath((chosen) =>
      chosen && files.some((file) => file.path === chosen) ? chosen : (files[0]?.path ?? null),
    );
  }, [files, current]);

  // Playback: the next event after a pause that follows the real gap, bounded, divided by the speed.
  useEffect(() => {
    if (!playing || !replay) return;
    const next = events[index + 1];
    if (!next || !current) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setSeq(next.seq), playbackDelay(current, next, speed));
    return () => clearTimeout(timer);
  }, [playing, replay, events, index, current, speed]);

  // Keep ?seq= in the address bar (replaceState: no history entry per step).
  useEffect(() => {
    if (!syncUrl || !replay || typeof window === 'undefined') return;
    const timer = setTimeout(() => {
      const url = new URL(window.location.href);
      url.searchParams.set('seq', String(seq));
      window.history.replaceState(window.history.state, '', url);
    }, 300);
    return () => clearTimeout(timer);
  }, [seq, syncUrl, replay]);

  const seek = useCallback(
    (target: number) => {
      setSeq(Math.min(Math.max(target, min), max));
    },
    [min, max],
  );
  const jump = useCallback(
    (target: number) => {
      setPlaying(false);
      seek(target);
    },
    [seek],
  );
  const togglePlay = useCallback(() => {
    setPlaying((isPlaying) => {
      if (!isPlaying && seq >= max) setSeq(min);
      return !isPlaying;
    });
  }, [seq, min, max]);
  const step = useCallback(
    (direction: 1 | -1, markersOnly: boolean) => {
      const target = stepSeq(events, seq, direction, markersOnly ? enabled : undefined);
      if (target !== null) jump(target);
    },
    [events, seq, enabled, jump],
  );
  const toggleKind = useCallback((kind: EventKind) => {
    setEnabled((currentKinds) => {
      const next = new Set(currentKinds);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  }, []);

  if (error) {
    return (
      <main className="ilm-replay ilm-replay-message">
        <div role="alert">
          <h1 className="ilm-intro-title">{error.title}</h1>
          <p>{error.message}</p>
          <button type="button" className="ilm-button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!replay) {
    return (
      <main className="ilm-replay ilm-replay-message" aria-busy="true">
        <p role="status">
          Loading the session…
          {loadState && loadState.total > 0 ? ` ${loadState.loaded} of ${loadState.total} events` : ''}
        </p>
      </main>
    );
  }

  const valueText = current
    ? `Event ${current.seq} of ${max}, at ${formatElapsed(replay.session.startedAt, current.ts)}: ${summarizeEvent(current)}`
    : `Event ${seq} of ${max}`;
  const endTs = replay.session.completedAt ?? events.at(-1)?.ts ?? replay.session.startedAt;

  return (
    <main className="ilm-replay">
      <header className="ilm-replay-header">
        <div>
          <h1 className="ilm-replay-title">Session replay</h1>
          <p className="ilm-muted ilm-small">
            {replay.session.language} · {replay.session.status} · started{' '}
            {formatDate(replay.session.startedAt)} · lasted {formatElapsed(replay.session.startedAt, endTs)} ·
            final ability θ {replay.session.theta.toFixed(2)} ± {replay.session.thetaSe.toFixed(2)}
          </p>
        </div>
        <p className="ilm-replay-position" aria-hidden="true">
          <span className="ilm-replay-clock">
            {current ? formatElapsed(replay.session.startedAt, current.ts) : '0:00'}
          </span>
          <span className="ilm-muted ilm-small">
            event {seq} / {max}
          </span>
        </p>
      </header>

      {events.length === 0 ? (
        <p className="ilm-muted">Nothing was recorded in this session.</p>
      ) : (
        <Scrubber
          events={events}
          min={min}
          max={max}
          seq={seq}
          valueText={valueText}
          playing={playing}
          speed={speed}
          enabled={enabled}
          present={present}
          onSeek={(target) => {
            setPlaying(false);
            seek(target);
          }}
          onTogglePlay={togglePlay}
          onSpeed={setSpeed}
          onToggleKind={toggleKind}
          onStep={step}
        />
      )}

      <div className="ilm-replay-grid">
        <div className="ilm-replay-side">
          <QuestionList replay={replay} currentQuestionId={current?.questionId ?? null} onJump={jump} />
          <EventList
            events={events}
            seq={seq}
            startedAt={replay.session.startedAt}
            enabled={enabled}
            onJump={jump}
          />
        </div>
        <CodeView
          files={files}
          previous={previous}
          path={selectedPath}
          mode={mode}
          versions={range}
          loading={files === undefined}
          error={filesError}
          onSelect={setSelectedPath}
          onMode={setMode}
        />
        <EventDetails
          event={current}
          startedAt={replay.session.startedAt}
          announce={!playing}
          onJump={jump}
        />
      </div>
    </main>
  );
}
