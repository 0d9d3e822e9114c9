/**
 * What happened at the current event: AI messages (as safe Markdown), tool calls, test runs,
 * agent decisions with θ, SE and the reason, integrity events, terminal I/O and file changes.
 */
import type { ReactNode } from 'react';
import { MarkdownView } from '../candidate/markdown-view.tsx';
import {
  EVENT_KINDS,
  formatElapsed,
  kindOf,
  type StoredEvent,
  stripAnsi,
  summarizeEvent,
} from './timeline-model.ts';

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ilm-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Json({ value }: { value: unknown }) {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  return <pre className="ilm-json">{text}</pre>;
}

function RunTests({ tests }: { tests: unknown }) {
  if (!Array.isArray(tests) || tests.length === 0) return null;
  return (
    <ul className="ilm-run-tests">
      {tests.map((test, index) => {
        const record = (test ?? {}) as Record<string, unknown>;
        const passed = record.passed === true;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: tests are listed in run order
          <li key={index} className={passed ? 'ilm-test-pass' : 'ilm-test-fail'}>
            <span className="ilm-test-verdict">{passed ? '✓ passed' : '✗ failed'}</span>{' '}
            {str(record.testName) ?? '?'}
            {num(record.duration) !== undefined ? (
              <span className="ilm-muted"> · {num(record.duration)} ms</span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Body({ event, onJump }: { event: StoredEvent; onJump(seq: number): void }) {
  const d = event.data;
  switch (event.type) {
    case 'ai.message':
      return (
        <>
          <dl className="ilm-fields">
            <Field label="From">{d.role === 'assistant' ? 'AI assistant' : 'Candidate'}</Field>
            {num(d.tokens) !== undefined ? (
              <Field label="Tokens">
                {num(d.tokens)} ({num(d.inputTokens) ?? '?'} in, {num(d.outputTokens) ?? '?'} out)
              </Field>
            ) : null}
            {num(d.latencyMs) !== undefined ? <Field label="Latency">{num(d.latencyMs)} ms</Field> : null}
            {num(d.costUsd) !== undefined ? (
              <Field label="Cost">${(num(d.costUsd) ?? 0).toFixed(4)}</Field>
            ) : null}
            {str(d.model) ? (
              <Field label="Model">
                {str(d.provider) ? `${d.provider} / ` : ''}
                {str(d.model)}
              </Field>
            ) : null}
          </dl>
          <div className="ilm-message-text">
            {d.role === 'assistant' ? (
              <MarkdownView text={str(d.text) ?? ''} />
            ) : (
              <p className="ilm-chat-plain">{str(d.text) ?? ''}</p>
            )}
          </div>
        </>
      );
    case 'ai.tool_call':
      return (
        <dl className="ilm-fields">
          <Field label="Tool">{str(d.name) ?? '?'}</Field>
          <Field label="Result">{d.ok === false ? 'failed' : 'ok'}</Field>
          {str(d.resultSummary) ? <Field label="Summary">{str(d.resultSummary)}</Field> : null}
          {num(d.durationMs) !== undefined ? <Field label="Duration">{num(d.durationMs)} ms</Field> : null}
          {num(d.fileEventSeq) !== undefined ? (
            <Field label="File change">
              <button
                type="button"
                className="ilm-link-button"
                onClick={() => onJump(num(d.fileEventSeq) ?? event.seq)}
              >
                event #{num(d.fileEventSeq)}
              </button>
            </Field>
          ) : null}
          <Field label="Input">
            <Json value={d.input} />
          </Field>
        </dl>
      );
    case 'run.visible':
    case 'run.hidden':
      return (
        <>
          <dl className="ilm-fields">
            <Field label="Tests">{event.type === 'run.hidden' ? 'hidden (on submit)' : 'visible'}</Field>
            <Field label="Result">
              {num(d.passed) ?? 0} of {num(d.total) ?? 0} passed
              {str(d.status) && d.status !== 'ok' ? ` — ${String(d.status).replace(/_/g, ' ')}` : ''}
            </Field>
            {num(d.durationMs) !== undefined ? <Field label="Duration">{num(d.durationMs)} ms</Field> : null}
          </dl>
          <RunTests tests={d.tests} />
        </>
      );
    case 'agent.decision':
      return (
        <dl className="ilm-fields">
          <Field label="Decision">{str(d.decision)?.replace(/_/g, ' ') ?? '?'}</Field>
          {num(d.theta) !== undefined ? (
            <Field label="Ability θ">{(num(d.theta) ?? 0).toFixed(2)}</Field>
          ) : null}
          {num(d.standardError) !== undefined ? (
            <Field label="Standard error">{(num(d.standardError) ?? 0).toFixed(2)}</Field>
          ) : null}
          {str(d.difficulty) ? <Field label="Chosen difficulty">{str(d.difficulty)}</Field> : null}
          {d.irt && typeof d.irt === 'object' ? (
            <Field label="Item (2PL)">
              a = {num((d.irt as Record<string, unknown>).a)?.toFixed(2) ?? '?'}, b ={' '}
              {num((d.irt as Record<string, unknown>).b)?.toFixed(2) ?? '?'}
            </Field>
          ) : null}
          {str(d.source) ? <Field label="Source">{str(d.source)}</Field> : null}
          {str(d.reason) ? <Field label="Reason">{str(d.reason)}</Field> : null}
        </dl>
      );
    case 'question.submitted':
      return (
        <dl className="ilm-fields">
          <Field label="Question">{(num(d.position) ?? 0) + 1}</Field>
          {num(d.score) !== undefined ? (
            <Field label="Score">{Math.round((num(d.score) ?? 0) * 100)} %</Field>
          ) : null}
          <Field label="Submitted">
            {d.autoSubmitted ? 'automatically (time limit)' : 'by the candidate'}
          </Field>
          {num(d.theta) !== undefined ? (
            <Field label="Ability after">
              θ {(num(d.theta) ?? 0).toFixed(2)} ± {(num(d.standardError) ?? 0).toFixed(2)}
            </Field>
          ) : null}
        </dl>
      );
    case 'integrity.paste':
      return (
        <dl className="ilm-fields">
          <Field label="Pasted">
            {num(d.chars) ?? '?'} characters{num(d.lines) !== undefined ? `, ${num(d.lines)} lines` : ''}
          </Field>
          {event.filePath ? <Field label="Into">{event.filePath}</Field> : null}
          {str(d.source) === 'drop' ? <Field label="How">dragged and dropped</Field> : null}
        </dl>
      );
    case 'integrity.focus_lost':
    case 'integrity.focus_gained':
      return (
        <dl className="ilm-fields">
          <Field label="Window">{event.type === 'integrity.focus_lost' ? 'left' : 'came back'}</Field>
          {num(d.awayMs) !== undefined ? (
            <Field label="Away for">{Math.round((num(d.awayMs) ?? 0) / 1000)} s</Field>
          ) : null}
        </dl>
      );
    case 'terminal.input':
    case 'terminal.output':
      return (
        <>
          {d.truncated ? (
            <p className="ilm-muted ilm-small">Output was cut; {num(d.chars)} characters in total.</p>
          ) : null}
          <pre className="ilm-terminal-text">{stripAnsi(str(d.data) ?? '')}</pre>
        </>
      );
    case 'file.changed':
    case 'file.created':
    case 'file.deleted':
    case 'file.renamed':
      return (
        <dl className="ilm-fields">
          <Field label="File">{event.filePath ?? '?'}</Field>
          {str(d.from) ? <Field label="Renamed from">{str(d.from)}</Field> : null}
          {num(d.added) !== undefined ? (
            <Field label="Lines">
              +{num(d.added)} −{num(d.removed) ?? 0}
            </Field>
          ) : null}
          <Field label="By">{event.origin === 'assistant' ? 'AI assistant' : event.origin}</Field>
        </dl>
      );
    default: {
      const { files: _files, ...rest } = d as Record<string, unknown> & { files?: unknown };
      return Object.keys(rest).length > 0 ? <Json value={rest} /> : null;
    }
  }
}

/** Props of `EventDetails`. */
export interface EventDetailsProps {
  event: StoredEvent | undefined;
  startedAt: string;
  /** Read changes out (off during playback, which would be a flood). */
  announce: boolean;
  onJump(seq: number): void;
}

/** The details of the current event. */
export function EventDetails({ event, startedAt, announce, onJump }: EventDetailsProps) {
  return (
    <section
      className="ilm-panel ilm-event-details"
      aria-labelledby="ilm-event-title"
      aria-live={announce ? 'polite' : 'off'}
    >
      {event ? (
        <>
          <h2 id="ilm-event-title" className="ilm-panel-title">
            <span
              className="ilm-legend-swatch"
              style={{ background: EVENT_KINDS[kindOf(event.type)].color }}
              aria-hidden="true"
            />{' '}
            {summarizeEvent(event)}
          </h2>
          <p className="ilm-muted ilm-small">
            #{event.seq} · {event.type} · at {formatElapsed(startedAt, event.ts)} · by {event.origin}
          </p>
          <Body event={event} onJump={onJump} />
        </>
      ) : (
        <h2 id="ilm-event-title" className="ilm-panel-title">
          No event selected
        </h2>
      )}
    </section>
  );
}
