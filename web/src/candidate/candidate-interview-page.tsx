/**
 * The candidate's page at `/interview/:token`: the intro and consent, then the workspace, then
 * the completion screen. A reload resumes exactly: the credential is kept in sessionStorage per
 * token, and without it an active session is resumed by starting again with the token.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import './candidate.css';
import { ApiError, createCandidateApi } from './candidate-api.ts';
import { POLICY_TEXT } from './chat-panel.tsx';
import type { KeyValueStorage } from './event-queue.ts';
import { MarkdownView } from './markdown-view.tsx';
import type { InterviewIntro, InterviewState, Language } from './types.ts';
import { Workspace } from './workspace.tsx';

/** Props of `CandidateInterviewPage`. */
export interface CandidateInterviewPageProps {
  /** The invitation token; read from the URL (`/interview/:token`) when absent. */
  token?: string;
  /** Origin of the API when it is not the page's own (development); default ''. */
  apiBaseUrl?: string;
}

/** The narrowest window the workspace is laid out for. */
export const MIN_WORKSPACE_WIDTH = 900;

const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
};

/** The token in a path like `/interview/<token>` (or its last segment). */
export function tokenFromPath(pathname: string): string {
  const match = /\/interview\/([^/?#]+)/.exec(pathname);
  const raw = match?.[1] ?? pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function browserSessionStorage(): KeyValueStorage | undefined {
  try {
    const storage = window.sessionStorage;
    const probe = '__interviewlm_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

function useWideEnough(): boolean {
  const query = `(min-width: ${MIN_WORKSPACE_WIDTH}px)`;
  const [wide, setWide] = useState(() =>
    typeof window === 'undefined' ? true : window.matchMedia(query).matches,
  );
  useEffect(() => {
    const media = window.matchMedia(query);
    const update = () => setWide(media.matches);
    update();
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [query]);
  return wide;
}

function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'intro'; intro: InterviewIntro }
  | { kind: 'workspace'; intro: InterviewIntro; state: InterviewState; receivedAt: number }
  | { kind: 'done'; intro: InterviewIntro | null; state: InterviewState | null; message?: string }
  | { kind: 'problem'; title: string; message: string; retry: boolean };

function problemOf(error: unknown): Phase {
  if (error instanceof ApiError) {
    if (error.status === 404) {
      return {
        kind: 'problem',
        title: 'This link does not work',
        message:
          'Check that you opened the whole link from your invitation email, or ask the recruiter for a new one.',
        retry: false,
      };
    }
    if (error.status === 410)
      return { kind: 'problem', title: 'This link is no longer valid', message: error.message, retry: false };
    if (error.status === 409) return { kind: 'done', intro: null, state: null, message: error.message };
    if (error.status === 0) {
      return {
        kind: 'problem',
        title: 'The interview server cannot be reached',
        message: 'Check your internet connection, then try again.',
        retry: true,
      };
    }
    return { kind: 'problem', title: 'Something went wrong', message: error.message, retry: true };
  }
  return {
    kind: 'problem',
    title: 'Something went wrong',
    message: 'Reload the page to try again.',
    retry: true,
  };
}

/** The intro and consent page. */
function IntroScreen({
  intro,
  starting,
  error,
  onStart,
}: {
  intro: InterviewIntro;
  starting: boolean;
  error: string | null;
  onStart(language: Language): void;
}) {
  const { assessment } = intro;
  const [language, setLanguage] = useState<Language>(assessment.languages[0] ?? 'python');
  const [consent, setConsent] = useState(false);
  return (
    <main className="ilm-intro">
      <div className="ilm-intro-card">
        <p className="ilm-muted">Hello {intro.candidate.name},</p>
        <h1 className="ilm-intro-title">{assessment.title}</h1>
        {assessment.description ? <MarkdownView text={assessment.description} /> : null}

        <dl className="ilm-intro-facts">
          <div>
            <dt>Time limit</dt>
            <dd>
              {assessment.durationMinutes} minutes. The timer starts when you press Start and keeps running if
              you close this page; you can come back with the same link.
            </dd>
          </div>
          <div>
            <dt>Questions</dt>
            <dd>
              {assessment.questionCount} coding question{assessment.questionCount === 1 ? '' : 's'}, one after
              another. Once you submit a question you cannot go back to it.
            </dd>
          </div>
          <div>
            <dt>AI assistant</dt>
            <dd>{POLICY_TEXT[assessment.aiPolicy] ?? assessment.aiPolicy}</dd>
          </div>
        </dl>

        <h2 className="ilm-subtitle">What is recorded</h2>
        <ul className="ilm-recorded">
          {intro.recorded.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <p className="ilm-muted ilm-small">
          The recording is used to evaluate your work and may be reviewed by the hiring team. Nothing outside
          this window is recorded
          {assessment.integrityMonitoring ? ' other than when the window loses focus' : ''}.
        </p>

        <form
          className="ilm-intro-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (consent && !starting) onStart(language);
          }}
        >
          {assessment.languages.length > 1 ? (
            <fieldset className="ilm-fieldset">
              <legend>Programming language</legend>
              {assessment.languages.map((option) => (
                <label key={option} className="ilm-radio">
                  <input
                    type="radio"
                    name="language"
                    value={option}
                    checked={language === option}
                    onChange={() => setLanguage(option)}
                  />
                  {LANGUAGE_NAMES[option]}
                </label>
              ))}
            </fieldset>
          ) : (
            <p>
              Language: <strong>{LANGUAGE_NAMES[language]}</strong>
            </p>
          )}
          <label className="ilm-checkbox">
            <input type="checkbox" checked={consent} onChange={(event) => setConsent(event.target.checked)} />
            I understand what is recorded and agree to start the interview.
          </label>
          {error ? (
            <p className="ilm-field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button
            type="submit"
            className="ilm-button ilm-button-primary ilm-button-large"
            disabled={!consent || starting}
          >
            {starting ? 'Starting…' : 'Start the interview'}
          </button>
          <p className="ilm-muted ilm-small">
            Use a computer with a window at least {MIN_WORKSPACE_WIDTH} pixels wide.
          </p>
        </form>
      </div>
    </main>
  );
}

function DoneScreen({ phase }: { phase: Extract<Phase, { kind: 'done' }> }) {
  const expired = phase.state?.session.status === 'expired';
  return (
    <main className="ilm-intro">
      <div className="ilm-intro-card" role="status">
        <h1 className="ilm-intro-title">Your interview is complete</h1>
        {phase.message && !phase.state ? <p>{phase.message}</p> : null}
        {expired ? <p>The time ran out and your saved work was submitted automatically.</p> : null}
        <p>
          Thank you{phase.intro ? `, ${phase.intro.candidate.name}` : ''}. Your answers were submitted
          {phase.intro ? ` to ${phase.intro.assessment.title}` : ''}. The hiring team will be in touch.
        </p>
        <p className="ilm-muted">You can close this window.</p>
      </div>
    </main>
  );
}

/** The candidate's interview page. */
export function CandidateInterviewPage({ token: tokenProp, apiBaseUrl }: CandidateInterviewPageProps) {
  const token = tokenProp ?? (typeof window === 'undefined' ? '' : tokenFromPath(window.location.pathname));
  const storage = useMemo(() => browserSessionStorage(), []);
  const [reachable, setReachable] = useState(true);
  const [takenOver, setTakenOver] = useState(false);
  const browserOnline = useBrowserOnline();
  const wide = useWideEnough();
  const api = useMemo(
    () =>
      createCandidateApi({
        token,
        ...(apiBaseUrl ? { baseUrl: apiBaseUrl } : {}),
        ...(storage ? { storage } : {}),
        onConnectivity: setReachable,
        onUnauthorized: () => setTakenOver(true),
      }),
    [token, apiBaseUrl, storage],
  );
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the boot on "Try again"
  useEffect(() => {
    let cancelled = false;
    const boot = async () => {
      if (!token) {
        setPhase({
          kind: 'problem',
          title: 'This link does not work',
          message: 'The invitation token is missing.',
          retry: false,
        });
        return;
      }
      let intro: InterviewIntro;
      try {
        intro = await api.intro();
      } catch (error) {
        if (!cancelled) setPhase(problemOf(error));
        return;
      }
      if (cancelled) return;
      if (intro.sessionStatus === 'not_started') {
        setPhase({ kind: 'intro', intro });
        return;
      }
      if (intro.sessionStatus !== 'active') {
        setPhase({ kind: 'done', intro, state: null });
        return;
      }
      // An active session: resume with the kept credential, or by starting again with the token.
      if (api.session()) {
        try {
          const state = await api.state();
          if (cancelled) return;
          setTakenOver(false);
          setPhase(
            state.session.status === 'active'
              ? { kind: 'workspace', intro, state, receivedAt: Date.now() }
              : { kind: 'done', intro, state },
          );
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) {
            if (!cancelled) setPhase(problemOf(error));
            return;
          }
        }
      }
      try {
        const started = await api.start();
        if (cancelled) return;
        setTakenOver(false);
        setPhase(
          started.state.session.status === 'active'
            ? { kind: 'workspace', intro, state: started.state, receivedAt: Date.now() }
            : { kind: 'done', intro, state: started.state },
        );
      } catch (error) {
        if (!cancelled) setPhase(problemOf(error));
      }
    };
    setPhase({ kind: 'loading' });
    void boot();
    return () => {
      cancelled = true;
    };
  }, [api, token, attempt]);

  const start = async (intro: InterviewIntro, language: Language) => {
    setStarting(true);
    setStartError(null);
    try {
      const started = await api.start(language);
      setTakenOver(false);
      setPhase({ kind: 'workspace', intro, state: started.state, receivedAt: Date.now() });
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.status === 404 || error.status === 409 || error.status === 410)
      ) {
        setPhase(problemOf(error));
      } else {
        setStartError(error instanceof Error ? error.message : 'The interview could not start; try again.');
      }
    } finally {
      setStarting(false);
    }
  };

  const onCompleted = useCallback((state: InterviewState) => {
    setPhase((current) => ({
      kind: 'done',
      intro: current.kind === 'workspace' ? current.intro : null,
      state,
    }));
  }, []);
  const onTakeOverHandled = useCallback(() => setTakenOver(false), []);

  switch (phase.kind) {
    case 'loading':
      return (
        <main className="ilm-intro" aria-busy="true">
          <p className="ilm-muted" role="status">
            Loading your interview…
          </p>
        </main>
      );
    case 'problem':
      return (
        <main className="ilm-intro">
          <div className="ilm-intro-card" role="alert">
            <h1 className="ilm-intro-title">{phase.title}</h1>
            <p>{phase.message}</p>
            {phase.retry ? (
              <button
                type="button"
                className="ilm-button ilm-button-primary"
                onClick={() => setAttempt((n) => n + 1)}
              >
                Try again
              </button>
            ) : null}
          </div>
        </main>
      );
    case 'intro':
      return (
        <IntroScreen
          intro={phase.intro}
          starting={starting}
          error={startError}
          onStart={(language) => void start(phase.intro, language)}
        />
      );
    case 'done':
      return <DoneScreen phase={phase} />;
    case 'workspace':
      // The workspace stays mounted on a narrow window (its unsaved state survives a resize).
      return (
        <>
          <div className="ilm-ws-frame" inert={!wide} aria-hidden={!wide}>
            <Workspace
              api={api}
              intro={phase.intro}
              initialState={phase.state}
              receivedAt={phase.receivedAt}
              storage={storage}
              online={browserOnline && reachable}
              takenOver={takenOver}
              onTakeOverHandled={onTakeOverHandled}
              onCompleted={onCompleted}
            />
          </div>
          {!wide ? (
            <div className="ilm-small-screen" role="alert">
              <h1 className="ilm-intro-title">Your screen is too small for the workspace</h1>
              <p>
                The interview workspace needs a window at least {MIN_WORKSPACE_WIDTH} pixels wide. Make this
                window wider, or open the same link on a computer. Your work is saved and the timer keeps
                running.
              </p>
            </div>
          ) : null}
        </>
      );
  }
}
