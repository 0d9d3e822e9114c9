/**
 * The AI assistant panel: the conversation of the current question (reloaded on resume), a
 * message box, the answer streamed over SSE (fetch + ReadableStream), tool activity as small
 * cards, and plain-words messages for refusals and limits. Screen readers hear one summary per
 * answer instead of every streamed word.
 */
import {
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useReducer,
  useRef,
  useState,
} from 'react';
import { ApiError, type CandidateApi } from './candidate-api.ts';
import {
  type ChatMessage,
  type ChatToolCall,
  chatReducer,
  describeToolInput,
  initialChatState,
} from './chat-model.ts';
import { MarkdownView } from './markdown-view.tsx';
import { readSseStream, toAssistantEvent } from './sse.ts';

/** What each policy lets the assistant do, in plain words. */
export const POLICY_TEXT: Record<string, string> = {
  off: 'The AI assistant is turned off for this interview.',
  consultant:
    'The assistant can read your files, run the visible tests and explain. It cannot change your files.',
  pair_programming: 'The assistant can read and edit your files, run the visible tests and run commands.',
  full_copilot:
    'The assistant can read and edit your files, run the visible tests and run commands, and takes more initiative.',
};

const WRITING_TOOLS = new Set(['write_file', 'edit_file']);

/** Props of `ChatPanel`. */
export interface ChatPanelProps {
  api: CandidateApi;
  /** The current question: the conversation restarts with each question. */
  questionId: string;
  policy: string;
  /** False when the interview is over. */
  active: boolean;
  /** The assistant changed workspace files: reload them. */
  onFilesChanged(): void;
  /** Save pending edits before the assistant reads the files. */
  beforeSend(): Promise<unknown>;
}

function ToolCard({ call }: { call: ChatToolCall }) {
  const detail = describeToolInput(call.name, call.input);
  const label = call.status === 'running' ? 'running' : call.status === 'ok' ? 'done' : 'failed';
  return (
    <li className={`ilm-tool-card ilm-tool-${call.status}`}>
      <span className="ilm-tool-name">{call.name.replace(/_/g, ' ')}</span>
      {detail ? <code className="ilm-tool-detail">{detail}</code> : null}
      <span className="ilm-tool-status">
        {call.status === 'running' ? <span className="ilm-spinner" aria-hidden="true" /> : null}
        {label}
      </span>
      {call.summary ? <span className="ilm-tool-summary">{call.summary}</span> : null}
    </li>
  );
}

function MessageBubble({ message }: { message: ChatMessage }) {
  return (
    <li className={`ilm-chat-message ilm-chat-${message.role}`}>
      <span className="ilm-visually-hidden">{message.role === 'user' ? 'You said:' : 'Assistant:'}</span>
      {message.toolCalls.length > 0 ? (
        <ul className="ilm-tool-list" aria-label="Assistant actions">
          {message.toolCalls.map((call) => (
            <ToolCard key={call.id} call={call} />
          ))}
        </ul>
      ) : null}
      {message.role === 'assistant' ? (
        message.text ? (
          <MarkdownView text={message.text} className="ilm-chat-text" />
        ) : message.streaming ? (
          <span className="ilm-chat-thinking">Thinking…</span>
        ) : null
      ) : (
        <p className="ilm-chat-text ilm-chat-plain">{message.text}</p>
      )}
      {message.error ? (
        <p className="ilm-chat-error" role="note">
          {message.error}
        </p>
      ) : null}
    </li>
  );
}

/** The AI assistant chat. */
export function ChatPanel({ api, questionId, policy, active, onFilesChanged, beforeSend }: ChatPanelProps) {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [draft, setDraft] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const listEnd = useRef<HTMLLIElement>(null);
  const nextKey = useRef(0);

  const load = useCallback(async () => {
    try {
      const conversation = await api.conversation();
      dispatch({ type: 'loaded', conversation });
      setLoadError(null);
      return conversation;
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) {
        setLoadError(null);
        return null;
      }
      setLoadError(error instanceof Error ? error.message : 'The conversation could not be loaded.');
      return null;
    }
  }, [api]);

  // Load the question's conversation (on first show, on resume, on a new question).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the question changes
  useEffect(() => {
    if (policy === 'off') return;
    void load();
  }, [load, questionId, policy]);

  // An answer started before a reload is still running: poll until it is stored.
  useEffect(() => {
    if (!state.answeringElsewhere) return;
    const timer = setInterval(() => {
      void load().then((conversation) => {
        if (conversation && !conversation.answering) onFilesChanged();
      });
    }, 2_000);
    return () => clearInterval(timer);
  }, [state.answeringElsewhere, load, onFilesChanged]);

  useEffect(() => () => abort.current?.abort(), []);

  // Keep the newest message in view. (Scrolling only, no focus move.)
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when messages change
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: 'end' });
  }, [state.messages]);

  const send = async (text: string) => {
    const message = text.trim();
    if (!message || state.busy) return;
    nextKey.current += 1;
    dispatch({ type: 'send', key: `local-${nextKey.current}`, text: message });
    setDraft('');
    const controller = new AbortController();
    abort.current = controller;
    let wroteFiles = false;
    let finished = false;
    try {
      await beforeSend().catch(() => undefined);
      const response = await api.chat(message, controller.signal);
      if (!response.body) throw new Error('The answer could not be read.');
      await readSseStream(response.body, (frame) => {
        const event = toAssistantEvent(frame);
        if (!event) return;
        if (event.type === 'tool_result' && event.ok && WRITING_TOOLS.has(event.name)) wroteFiles = true;
        if (event.type === 'done' || event.type === 'error') finished = true;
        dispatch({ type: 'event', event });
      });
      if (!finished)
        dispatch({ type: 'dropped', message: 'The answer stopped early. Part of it may be missing.' });
    } catch (error) {
      if (controller.signal.aborted) {
        dispatch({
          type: 'dropped',
          message: 'You stopped this answer; what it had written so far is kept.',
        });
        return;
      }
      if (error instanceof ApiError && error.status !== 0) {
        dispatch({
          type: 'refused',
          status: error.status,
          message: error.message,
          ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
        });
      } else if (finished) {
        // The connection closed right after the end: nothing is missing.
      } else {
        dispatch({
          type: 'dropped',
          message:
            'The connection dropped while the assistant was answering. Your message was kept; reload the conversation to see the stored answer.',
        });
      }
    } finally {
      if (abort.current === controller) abort.current = null;
      if (wroteFiles) onFilesChanged();
      // Refresh the remaining limits (and the stored answer after a drop).
      if (!controller.signal.aborted) {
        api
          .conversation()
          .then((conversation) => dispatch({ type: 'limits', limits: conversation.limits }))
          .catch(() => undefined);
      }
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(draft);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send(draft);
    }
  };

  if (policy === 'off') {
    return (
      <section className="ilm-panel ilm-chat" aria-labelledby="ilm-chat-title">
        <h2 id="ilm-chat-title" className="ilm-panel-title">
          AI assistant
        </h2>
        <p className="ilm-muted">{POLICY_TEXT.off}</p>
      </section>
    );
  }

  const maxChars = state.limits?.maxMessageChars ?? 8_000;
  const outOfMessages = state.limits
    ? state.limits.messagesRemaining <= 0 || state.limits.tokensRemaining <= 0
    : false;
  const disabled = !active || state.busy || state.answeringElsewhere || outOfMessages;

  return (
    <section className="ilm-panel ilm-chat" aria-labelledby="ilm-chat-title">
      <div className="ilm-panel-header">
        <h2 id="ilm-chat-title" className="ilm-panel-title">
          AI assistant
        </h2>
        {state.limits ? (
          <span className="ilm-muted ilm-small">
            {state.limits.messagesRemaining} of {state.limits.messagesPerQuestion} messages left
          </span>
        ) : null}
      </div>
      <p className="ilm-muted ilm-small">{POLICY_TEXT[policy] ?? ''}</p>
      {loadError ? (
        <p className="ilm-chat-error" role="alert">
          {loadError}{' '}
          <button type="button" className="ilm-link-button" onClick={() => void load()}>
            Try again
          </button>
        </p>
      ) : null}
      {/* A labelled list, not role="log": that role would strip the list semantics from the items,
          and answers are announced by the live region below, once each, not word by word. */}
      <ol className="ilm-chat-log" aria-label="Conversation with the AI assistant">
        {state.messages.length === 0 ? (
          <li className="ilm-muted ilm-chat-empty">
            Ask about the problem, your approach or an error. The assistant sees your files, never the hidden
            tests.
          </li>
        ) : null}
        {state.messages.map((message) => (
          <MessageBubble key={message.key} message={message} />
        ))}
        <li ref={listEnd} aria-hidden="true" className="ilm-chat-end" />
      </ol>
      <div className="ilm-visually-hidden" aria-live="polite" aria-atomic="true">
        {state.announcement}
      </div>
      {state.notice ? (
        <p className={`ilm-notice ilm-notice-${state.notice.kind}`} role="status">
          {state.notice.text}
        </p>
      ) : null}
      <form className="ilm-chat-form" onSubmit={onSubmit}>
        <label htmlFor="ilm-chat-input" className="ilm-visually-hidden">
          Message the AI assistant
        </label>
        <textarea
          id="ilm-chat-input"
          className="ilm-chat-input"
          value={draft}
          maxLength={maxChars}
          rows={3}
          placeholder={
            active
              ? 'Ask the assistant… (Enter sends, Shift+Enter for a new line)'
              : 'The interview has ended'
          }
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={!active || outOfMessages}
          aria-describedby="ilm-chat-count"
        />
        <div className="ilm-chat-actions">
          <span id="ilm-chat-count" className="ilm-muted ilm-small">
            {draft.length > maxChars * 0.8 ? `${draft.length} / ${maxChars} characters` : ''}
          </span>
          {state.busy ? (
            <button type="button" className="ilm-button" onClick={() => abort.current?.abort()}>
              Stop answer
            </button>
          ) : null}
          <button
            type="submit"
            className="ilm-button ilm-button-primary"
            disabled={disabled || !draft.trim()}
          >
            {state.busy ? 'Answering…' : 'Send'}
          </button>
        </div>
      </form>
    </section>
  );
}
