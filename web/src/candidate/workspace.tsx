/**
 * The interview workspace: problem, files, editor, test results, terminal, AI chat and countdown,
 * wired to autosave, the integrity event queue, submit/finish, the deadline and resume.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Autosaver, createAutosaver, type SaveStatus } from './autosave.ts';
import { ApiError, type CandidateApi, isTransient } from './candidate-api.ts';
import { ChatPanel } from './chat-panel.tsx';
import { CodeEditor } from './code-editor.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { localDeadline } from './countdown.ts';
import { CountdownView } from './countdown-view.tsx';
import { createDraftStore, type DraftStore } from './drafts.ts';
import { createEventQueue, type EventQueue, type KeyValueStorage } from './event-queue.ts';
import { defaultFile } from './file-tree.ts';
import { FileTreeView } from './file-tree-view.tsx';
import { createFocusTracker, type IntegrityEvent, pasteEvent } from './integrity.ts';
import { ProblemPanel } from './problem-panel.tsx';
import { RunResults } from './run-results.tsx';
import { isApplePlatform, shortcutHelp, shortcutOf } from './shortcuts.ts';
import type { InterviewIntro, InterviewState, RunResult } from './types.ts';

// xterm.js loads when the terminal is first opened, not with the workspace.
const TerminalPanel = lazy(() =>
  import('./terminal-panel.tsx').then((module) => ({ default: module.TerminalPanel })),
);

/** Props of `Workspace`. */
export interface WorkspaceProps {
  api: CandidateApi;
  intro: InterviewIntro;
  initialState: InterviewState;
  /** Local time (ms) at which `initialState` arrived (anchors the countdown). */
  receivedAt: number;
  storage: KeyValueStorage | undefined;
  /** The browser and the server are reachable. */
  online: boolean;
  /** A request got 401: another window holds the interview now. */
  takenOver: boolean;
  onTakeOverHandled(): void;
  onCompleted(state: InterviewState): void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong; try again.';

function saveStatusText(status: SaveStatus): string {
  switch (status.kind) {
    case 'saved':
      return 'Saved';
    case 'pending':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'offline':
      return 'Offline — will retry';
    case 'error':
      return `Not saved: ${status.message}`;
  }
}

function runErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return `Too many runs in a short time${error.retryAfterSeconds ? `; try again in ${error.retryAfterSeconds} s` : '; wait a moment'}.`;
    }
    if (error.status === 0) return 'The server cannot be reached; check your connection.';
  }
  return messageOf(error);
}

/** The keyboard shortcut help, as a disclosure. */
function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  const apple =
    typeof navigator !== 'undefined' && isApplePlatform(navigator.platform || navigator.userAgent);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  return (
    <div className="ilm-help" ref={ref}>
      <button
        type="button"
        className="ilm-button ilm-button-small"
        aria-expanded={open}
        aria-controls="ilm-shortcut-help"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">⌨</span> Shortcuts
      </button>
      {open ? (
        <section id="ilm-shortcut-help" className="ilm-help-popover" aria-label="Keyboard shortcuts">
          <dl>
            {shortcutHelp(apple).map((entry) => (
              <div key={entry.keys} className="ilm-help-row">
                <dt>
                  <kbd>{entry.keys}</kbd>
                </dt>
                <dd>{entry.action}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </div>
  );
}

/** The workspace. */
export function Workspace(props: WorkspaceProps) {
  const { api, intro, storage, onCompleted } = props;
  const sessionId = props.initialState.session.id;
  const monitoring = intro.assessment.integrityMonitoring;

  const [state, setState] = useState(props.initialState);
  const [deadlineMs, setDeadlineMs] = useState(() =>
    localDeadline(props.initialState.session.remainingSeconds, props.receivedAt),
  );
  const contents = useRef(new Map<string, string>());
  const [paths, setPaths] = useState<string[]>([]);
  const [openPath, setOpenPath] = useState<string | null>(null);
  const [syncVersion, setSyncVersion] = useState(0);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>({ kind: 'saved' });
  const [unsaved, setUnsaved] = useState<Set<string>>(() => new Set());
  const [run, setRun] = useState<{ running: boolean; result: RunResult | null; error: string | null }>({
    running: false,
    result: null,
    error: null,
  });
  const [bottomTab, setBottomTab] = useState<'results' | 'terminal'>('results');
  const [terminalShown, setTerminalShown] = useState(false);
  const [dialog, setDialog] = useState<
    { kind: 'submit' } | { kind: 'finish' } | { kind: 'delete'; path: string } | null
  >(null);
  const [busy, setBusy] = useState<'submit' | 'finish' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [timeUp, setTimeUp] = useState(false);
  const [terminalKey, setTerminalKey] = useState(0);
  const [resuming, setResuming] = useState(false);

  const stateRef = useRef(state);
  stateRef.current = state;
  const openPathRef = useRef(openPath);
  openPathRef.current = openPath;
  const runningRef = useRef(false);
  const completedRef = useRef(false);
  const questionIdRef = useRef<string | null>(null);
  const problemTitle = useRef<HTMLElement>(null);

  const active = state.session.status === 'active' && !timeUp;
  const question = state.question;

  // Drafts, autosave and the event queue live as long as the workspace.
  const drafts = useRef<DraftStore | null>(null);
  drafts.current ??= createDraftStore(storage, `interviewlm.drafts.${sessionId}`);
  const saver = useRef<Autosaver | null>(null);
  const createSaver = () =>
    createAutosaver({
      save: async (path, content) => {
        await api.writeFile(path, content);
        drafts.current?.saved(path, content);
      },
      classify: (error) => (isTransient(error) ? 'retry' : 'fatal'),
      onStatus: (status) => {
        setSaveStatus(status);
        setUnsaved(saver.current?.pendingPaths() ?? new Set());
      },
    });
  saver.current ??= createSaver();
  // Disposed on unmount and made anew on a remount: React's StrictMode (npm run dev) unmounts and
  // mounts once more, and a saver disposed then would drop every later edit without a word.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per mount, on purpose
  useEffect(() => {
    saver.current ??= createSaver();
    const current = saver.current;
    return () => {
      current.dispose();
      if (saver.current === current) saver.current = null;
    };
  }, []);
  const queue = useRef<EventQueue | null>(null);
  if (monitoring && !queue.current && storage) {
    queue.current = createEventQueue({
      storage,
      storageKey: `interviewlm.events.${sessionId}`,
      send: (events, options) => api.sendEvents(events, options),
      classifyFailure: (error) =>
        isTransient(error)
          ? { kind: 'retry', afterMs: error instanceof ApiError ? (error.retryAfterSeconds ?? 0) * 1000 : 0 }
          : { kind: 'drop', reason: messageOf(error) },
    });
  }

  const record = useCallback((event: IntegrityEvent) => {
    const current = stateRef.current;
    if (current.session.status !== 'active') return;
    queue.current?.enqueue({ ...event, questionId: current.question?.id });
  }, []);

  const persistOpenPath = useCallback(
    (path: string | null) => {
      try {
        if (path) storage?.setItem(`interviewlm.open.${sessionId}`, path);
      } catch {
        // Not essential.
      }
    },
    [storage, sessionId],
  );

  const openFile = useCallback(
    (path: string) => {
      setOpenPath(path);
      persistOpenPath(path);
    },
    [persistOpenPath],
  );

  const finishUp = useCallback(
    (final: InterviewState) => {
      if (completedRef.current) return;
      completedRef.current = true;
      void queue.current?.flush({ force: true });
      saver.current?.dispose();
      onCompleted(final);
    },
    [onCompleted],
  );

  /** Takes a state from the server: a new question replaces the files; the same one merges them. */
  const adoptState = useCallback(
    (next: InterviewState, receivedAt: number) => {
      setState(next);
      stateRef.current = next;
      setDeadlineMs(localDeadline(next.session.remainingSeconds, receivedAt));
      if (next.session.status !== 'active') {
        finishUp(next);
        return;
      }
      const autosaver = saver.current;
      const sameQuestion = questionIdRef.current === (next.question?.id ?? null);
      if (!sameQuestion) {
        questionIdRef.current = next.question?.id ?? null;
        for (const path of contents.current.keys()) autosaver?.forget(path);
        contents.current = new Map(next.files.map((file) => [file.path, file.content]));
        // Put back text typed before a reload that had not reached the server.
        const restored = next.question ? (drafts.current?.load(next.question.id) ?? {}) : {};
        for (const [path, content] of Object.entries(restored)) {
          if (contents.current.has(path) && contents.current.get(path) !== content) {
            contents.current.set(path, content);
            autosaver?.change(path, content);
          }
        }
        const list = [...contents.current.keys()].sort();
        setPaths(list);
        let remembered: string | null = null;
        try {
          remembered = storage?.getItem(`interviewlm.open.${sessionId}`) ?? null;
        } catch {
          remembered = null;
        }
        const first =
          remembered && contents.current.has(remembered)
            ? remembered
            : (defaultFile(list, next.session.language) ?? null);
        setOpenPath(first);
        persistOpenPath(first);
        setRun({ running: false, result: null, error: null });
      } else {
        const pending = autosaver?.pendingPaths() ?? new Set<string>();
        const server = new Map(next.files.map((file) => [file.path, file.content]));
        for (const [path, content] of server) if (!pending.has(path)) contents.current.set(path, content);
        for (const path of [...contents.current.keys()]) {
          if (!server.has(path) && !pending.has(path)) contents.current.delete(path);
        }
        const list = [...contents.current.keys()].sort();
        setPaths(list);
        const current = openPathRef.current;
        if (!current || !contents.current.has(current)) {
          const first = defaultFile(list, next.session.language) ?? null;
          setOpenPath(first);
          persistOpenPath(first);
        }
      }
      setSyncVersion((version) => version + 1);
    },
    [finishUp, storage, sessionId, persistOpenPath],
  );

  // First load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once with the state the page resumed
  useEffect(() => {
    adoptState(props.initialState, props.receivedAt);
  }, []);

  const refreshState = useCallback(async () => {
    try {
      const next = await api.state();
      adoptState(next, Date.now());
      return next;
    } catch {
      return null;
    }
  }, [api, adoptState]);

  // A permanent save failure may mean the interview ended: check.
  useEffect(() => {
    if (saveStatus.kind === 'error') void refreshState();
  }, [saveStatus, refreshState]);

  // Integrity: focus, visibility, flushing every 2 s and when leaving or coming back online.
  useEffect(() => {
    if (!queue.current) return;
    const events = queue.current;
    const awayKey = `interviewlm.away.${sessionId}`;
    const tracker = createFocusTracker(record, Date.now, {
      load: () => {
        const value = Number(storage?.getItem(awayKey) ?? '');
        return Number.isFinite(value) && value > 0 ? value : null;
      },
      save: (value) => {
        try {
          storage?.setItem(awayKey, value === null ? '' : String(value));
        } catch {
          // Not essential.
        }
      },
    });
    // Back after a reload (or a closed tab): report the return now if the page is in front.
    if (document.visibilityState === 'visible') tracker.gained();
    const onBlur = () => tracker.lost('blur');
    const onFocus = () => tracker.gained();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') tracker.lost('hidden');
      else if (document.hasFocus()) tracker.gained();
    };
    const onPageHide = () => void events.flush({ keepalive: true, force: true });
    const onOnline = () => void events.flush({ force: true });
    window.addEventListener('blur', onBlur);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('online', onOnline);
    const timer = setInterval(() => void events.flush(), 2_000);
    return () => {
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('online', onOnline);
      clearInterval(timer);
    };
  }, [record, storage, sessionId]);

  // Coming back online: save what waited.
  useEffect(() => {
    if (props.online) void saver.current?.flush();
  }, [props.online]);

  const onChange = useCallback((path: string, content: string) => {
    if (!contents.current.has(path)) return;
    contents.current.set(path, content);
    const questionId = stateRef.current.question?.id;
    if (questionId) drafts.current?.set(questionId, path, content);
    saver.current?.change(path, content);
  }, []);

  const saveNow = useCallback(async () => {
    const ok = await saver.current?.flush();
    setAnnouncement(ok ? 'All changes saved.' : 'Some changes are not saved yet.');
  }, []);

  const runTests = useCallback(async () => {
    if (runningRef.current || stateRef.current.session.status !== 'active') return;
    runningRef.current = true;
    setBottomTab('results');
    setRun((current) => ({ ...current, running: true, error: null }));
    try {
      const saved = await saver.current?.flush();
      if (saved === false && saver.current?.status().kind === 'offline') {
        setRun({
          running: false,
          result: null,
          error: 'your latest changes are not saved yet (offline). Try again when the connection is back.',
        });
        return;
      }
      const result = await api.runTests();
      setRun({ running: false, result, error: null });
    } catch (error) {
      setRun({ running: false, result: null, error: runErrorText(error) });
      if (error instanceof ApiError && error.status === 409) void refreshState();
    } finally {
      runningRef.current = false;
    }
  }, [api, refreshState]);

  // Ctrl/Cmd+S and Ctrl/Cmd+Enter anywhere in the workspace (the editor handles its own first).
  useEffect(() => {
    const apple = isApplePlatform(navigator.platform || navigator.userAgent);
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const command = shortcutOf(event, apple);
      if (!command) return;
      event.preventDefault();
      if (command === 'save') void saveNow();
      else void runTests();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [saveNow, runTests]);

  const submit = async (kind: 'submit' | 'finish') => {
    if (busy) return;
    setBusy(kind);
    setActionError(null);
    try {
      await saver.current?.flush();
      const questionId = stateRef.current.question?.id;
      const outcome = kind === 'submit' ? await api.submit(questionId) : await api.finish(questionId);
      setDialog(null);
      if (outcome.status === 'completed' || outcome.state.session.status !== 'active') {
        finishUp(outcome.state);
        return;
      }
      adoptState(outcome.state, Date.now());
      const nextQuestion = outcome.state.question;
      if (nextQuestion) {
        setAnnouncement(
          `Question ${nextQuestion.number} of ${outcome.state.session.questionCount}: ${nextQuestion.title}`,
        );
        requestAnimationFrame(() => problemTitle.current?.focus());
      }
    } catch (error) {
      setActionError(messageOf(error));
      if (error instanceof ApiError && error.status === 409) void refreshState();
    } finally {
      setBusy(null);
    }
  };

  // At zero: the server submits on its own; save what we can, then follow the server.
  const onExpire = useCallback(() => {
    setTimeUp(true);
    setDialog(null);
    void saver.current?.flush();
  }, []);

  useEffect(() => {
    if (!timeUp) return;
    let polls = 0;
    let stopped = false;
    const poll = async () => {
      polls += 1;
      try {
        const next = await api.state();
        if (stopped) return;
        if (next.session.status !== 'active') {
          finishUp(next);
          return;
        }
        if (next.session.remainingSeconds > 0) {
          // The deadline moved (more time granted): carry on.
          setTimeUp(false);
          adoptState(next, Date.now());
          return;
        }
        if (polls >= 10) {
          // The server's deadline job is late: ask it to end the interview now.
          const outcome = await api.finish(next.question?.id);
          if (!stopped) finishUp(outcome.state);
        }
      } catch {
        // Offline: keep polling.
      }
    };
    const timer = setInterval(() => void poll(), 2_000);
    void poll();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [timeUp, api, finishUp, adoptState]);

  const createFile = async (path: string): Promise<string | null> => {
    try {
      await api.writeFile(path, '', true);
      contents.current.set(path, '');
      setPaths([...contents.current.keys()].sort());
      openFile(path);
      setAnnouncement(`Created ${path}.`);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  };

  const renameFile = async (from: string, to: string): Promise<string | null> => {
    try {
      await saver.current?.flush();
      await api.renameFile(from, to);
      const content = contents.current.get(from) ?? '';
      saver.current?.forget(from);
      drafts.current?.remove(from);
      contents.current.delete(from);
      contents.current.set(to, content);
      setPaths([...contents.current.keys()].sort());
      if (openPathRef.current === from) openFile(to);
      setSyncVersion((version) => version + 1);
      setAnnouncement(`Renamed ${from} to ${to}.`);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  };

  const deleteFile = async (path: string) => {
    try {
      saver.current?.forget(path);
      drafts.current?.remove(path);
      await api.deleteFile(path);
      contents.current.delete(path);
      const list = [...contents.current.keys()].sort();
      setPaths(list);
      if (openPathRef.current === path) {
        const next = defaultFile(list, stateRef.current.session.language) ?? null;
        setOpenPath(next);
        persistOpenPath(next);
      }
      setSyncVersion((version) => version + 1);
      setAnnouncement(`Deleted ${path}.`);
      setDialog(null);
    } catch (error) {
      setActionError(messageOf(error));
      setDialog(null);
    }
  };

  const takeOver = async () => {
    setResuming(true);
    try {
      const started = await api.start();
      props.onTakeOverHandled();
      adoptState(started.state, Date.now());
      setTerminalKey((key) => key + 1);
      void saver.current?.flush();
      void queue.current?.flush({ force: true });
    } catch (error) {
      setActionError(messageOf(error));
    } finally {
      setResuming(false);
    }
  };

  const getContent = useCallback((path: string) => contents.current.get(path), []);
  const onPaste = useCallback(
    (path: string, info: { chars: number; lines: number; source: 'paste' | 'drop' }) =>
      record(pasteEvent(path, info)),
    [record],
  );
  const terminalConnection = useCallback(() => {
    if (stateRef.current.session.status !== 'active') return null;
    try {
      return api.terminal(window.location);
    } catch {
      return null;
    }
  }, [api]);
  const flushSaves = useCallback(() => saver.current?.flush() ?? Promise.resolve(true), []);
  const onFilesChanged = useCallback(() => void refreshState(), [refreshState]);

  const isLast = state.session.questionNumber >= state.session.questionCount;
  const statusClass = useMemo(() => `ilm-save-${saveStatus.kind}`, [saveStatus.kind]);

  return (
    <div className="ilm-ws">
      <a className="ilm-skip-link" href="#ilm-editor-region">
        Skip to the editor
      </a>
      <header className="ilm-ws-header">
        <div className="ilm-ws-title">
          <span className="ilm-ws-assessment">{intro.assessment.title}</span>
          {question ? (
            <span className="ilm-muted ilm-small">
              Question {question.number} of {state.session.questionCount}
            </span>
          ) : null}
        </div>
        <CountdownView deadlineMs={deadlineMs} onExpire={onExpire} />
        <span className={`ilm-save-status ${statusClass}`} role="status" aria-live="polite">
          {saveStatusText(saveStatus)}
        </span>
        <div className="ilm-ws-actions">
          <ShortcutHelp />
          <button
            type="button"
            className="ilm-button"
            onClick={() => void runTests()}
            disabled={!active || run.running}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            {run.running ? 'Running…' : 'Run tests'}
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-primary"
            onClick={() => setDialog({ kind: 'submit' })}
            disabled={!active || busy !== null || !question}
          >
            Submit question
          </button>
          <button
            type="button"
            className="ilm-button ilm-button-quiet"
            onClick={() => setDialog({ kind: 'finish' })}
            disabled={!active || busy !== null}
          >
            Finish interview
          </button>
        </div>
      </header>

      {!props.online ? (
        <div className="ilm-banner ilm-banner-offline" role="alert">
          You are offline. Keep working: your changes stay in this browser and are saved when the connection
          returns. The timer keeps running.
        </div>
      ) : null}
      {actionError ? (
        <div className="ilm-banner ilm-banner-error" role="alert">
          {actionError}{' '}
          <button type="button" className="ilm-link-button" onClick={() => setActionError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="ilm-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>

      <main className="ilm-ws-main">
        <div className="ilm-ws-left">
          <section
            className="ilm-ws-problem"
            ref={problemTitle}
            aria-label="Problem statement"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1); it also takes focus on a new question
            tabIndex={0}
          >
            {question ? (
              <ProblemPanel question={question} questionCount={state.session.questionCount} />
            ) : null}
          </section>
          <FileTreeView
            paths={paths}
            openPath={openPath}
            unsaved={unsaved}
            disabled={!active}
            onOpen={openFile}
            onCreate={createFile}
            onRename={renameFile}
            onDelete={(path) => setDialog({ kind: 'delete', path })}
          />
        </div>

        <div className="ilm-ws-center">
          <section
            id="ilm-editor-region"
            className="ilm-editor"
            aria-label={openPath ? `Editor: ${openPath}` : 'Editor'}
          >
            <div className="ilm-editor-tab">
              <span className="ilm-editor-path">{openPath ?? 'No file open'}</span>
            </div>
            <CodeEditor
              key={question?.id ?? 'none'}
              path={openPath}
              getContent={getContent}
              syncVersion={syncVersion}
              readOnly={!active}
              onChange={onChange}
              onPaste={onPaste}
              onSave={() => void saveNow()}
              onRun={() => void runTests()}
            />
          </section>
          <section className="ilm-bottom" aria-label="Test results and terminal">
            <div className="ilm-tabs" role="tablist" aria-label="Bottom panel">
              <button
                type="button"
                role="tab"
                id="ilm-tab-results"
                aria-selected={bottomTab === 'results'}
                aria-controls="ilm-panel-results"
                tabIndex={bottomTab === 'results' ? 0 : -1}
                className="ilm-tab"
                onClick={() => setBottomTab('results')}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                    setBottomTab('terminal');
                    setTerminalShown(true);
                    document.getElementById('ilm-tab-terminal')?.focus();
                  }
                }}
              >
                Test results
              </button>
              <button
                type="button"
                role="tab"
                id="ilm-tab-terminal"
                aria-selected={bottomTab === 'terminal'}
                aria-controls="ilm-panel-terminal"
                tabIndex={bottomTab === 'terminal' ? 0 : -1}
                className="ilm-tab"
                onClick={() => {
                  setBottomTab('terminal');
                  setTerminalShown(true);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                    setBottomTab('results');
                    document.getElementById('ilm-tab-results')?.focus();
                  }
                }}
              >
                Terminal
              </button>
            </div>
            <div
              id="ilm-panel-results"
              role="tabpanel"
              aria-labelledby="ilm-tab-results"
              hidden={bottomTab !== 'results'}
              className="ilm-tabpanel"
            >
              <RunResults result={run.result} running={run.running} error={run.error} question={question} />
            </div>
            <div
              id="ilm-panel-terminal"
              role="tabpanel"
              aria-labelledby="ilm-tab-terminal"
              hidden={bottomTab !== 'terminal'}
              className="ilm-tabpanel ilm-tabpanel-terminal"
            >
              {terminalShown && active ? (
                <Suspense fallback={<p className="ilm-muted">Loading the terminal…</p>}>
                  <TerminalPanel
                    key={terminalKey}
                    connection={terminalConnection}
                    visible={bottomTab === 'terminal'}
                    prepare={flushSaves}
                  />
                </Suspense>
              ) : (
                <p className="ilm-muted">
                  {active ? 'Open the terminal tab to start a shell.' : 'The interview has ended.'}
                </p>
              )}
            </div>
          </section>
        </div>

        <aside className="ilm-ws-right" aria-label="AI assistant">
          {question ? (
            <ChatPanel
              api={api}
              questionId={question.id}
              policy={state.session.aiPolicy}
              active={active}
              onFilesChanged={onFilesChanged}
              beforeSend={flushSaves}
            />
          ) : null}
        </aside>
      </main>

      <ConfirmDialog
        open={dialog?.kind === 'submit'}
        title={`Submit question ${question?.number ?? ''}?`}
        confirmLabel={isLast ? 'Submit and finish' : 'Submit and continue'}
        busy={busy === 'submit'}
        onConfirm={() => void submit('submit')}
        onCancel={() => setDialog(null)}
      >
        <p>
          Your saved code is checked against hidden tests. You cannot come back to this question.
          {isLast
            ? ' This is the last question: the interview ends after it.'
            : ' The next question opens right after.'}
        </p>
        {unsaved.size > 0 ? <p>Your latest changes are saved first.</p> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'finish'}
        title="Finish the interview now?"
        confirmLabel="Finish interview"
        danger
        busy={busy === 'finish'}
        onConfirm={() => void submit('finish')}
        onCancel={() => setDialog(null)}
      >
        <p>
          Your current question is submitted as it is and the interview ends
          {state.session.questionCount - state.session.questionNumber > 0
            ? `; the remaining ${state.session.questionCount - state.session.questionNumber} question(s) will not be shown`
            : ''}
          . This cannot be undone.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={`Delete ${dialog?.kind === 'delete' ? dialog.path : ''}?`}
        confirmLabel="Delete file"
        danger
        onConfirm={() => {
          if (dialog?.kind === 'delete') void deleteFile(dialog.path);
        }}
        onCancel={() => setDialog(null)}
      >
        <p>The file is removed from your workspace.</p>
      </ConfirmDialog>

      {timeUp ? (
        <div className="ilm-overlay" role="alertdialog" aria-modal="true" aria-labelledby="ilm-timeup-title">
          <div className="ilm-overlay-card">
            <h2 id="ilm-timeup-title">Time is up — submitting</h2>
            <p>Your saved work is being submitted. This takes a few seconds.</p>
            <span className="ilm-spinner" aria-hidden="true" />
          </div>
        </div>
      ) : busy ? (
        <div className="ilm-overlay ilm-overlay-soft" aria-hidden="true" />
      ) : null}

      {props.takenOver && !timeUp ? (
        <div
          className="ilm-overlay"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="ilm-takeover-title"
        >
          <div className="ilm-overlay-card">
            <h2 id="ilm-takeover-title">This interview is open somewhere else</h2>
            <p>
              The interview was opened in another window or tab (or the link was opened again). Only one
              window can work on it at a time.
            </p>
            <button
              type="button"
              className="ilm-button ilm-button-primary"
              onClick={() => void takeOver()}
              disabled={resuming}
              // biome-ignore lint/a11y/noAutofocus: the dialog's only action
              autoFocus
            >
              {resuming ? 'Continuing…' : 'Continue in this window'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
