import { describe, expect, it } from 'vitest';
import {
  type ChatAction,
  type ChatState,
  chatReducer,
  describeToolInput,
  initialChatState,
  limitNotice,
  refusalText,
} from './chat-model.ts';
import type { AssistantUsageLimits } from './types.ts';

const limits: AssistantUsageLimits = {
  messagesPerQuestion: 30,
  messagesUsed: 1,
  messagesRemaining: 29,
  tokensPerSession: 200_000,
  tokensUsed: 797,
  tokensRemaining: 199_203,
  toolCallsPerTurn: 8,
  maxMessageChars: 8_000,
};

const run = (actions: ChatAction[], start: ChatState = initialChatState) =>
  actions.reduce(chatReducer, start);

describe('chatReducer', () => {
  it('restores the conversation on resume, with tool calls', () => {
    const state = run([
      {
        type: 'loaded',
        conversation: {
          answering: false,
          limits,
          messages: [
            { role: 'user', text: 'read it', turnIndex: 0, createdAt: '2026-01-01T00:00:00Z' },
            {
              role: 'assistant',
              text: 'Done',
              turnIndex: 1,
              createdAt: '2026-01-01T00:00:01Z',
              toolCalls: [
                { id: 't1', name: 'read_file', input: { path: 'a.py' }, ok: true, summary: 'read a.py' },
              ],
            },
          ],
        },
      },
    ]);
    expect(state.messages.map((message) => [message.role, message.text])).toEqual([
      ['user', 'read it'],
      ['assistant', 'Done'],
    ]);
    expect(state.messages[1]?.toolCalls[0]).toMatchObject({ status: 'ok', summary: 'read a.py' });
    expect(state.limits).toEqual(limits);
  });

  it('streams an answer: text, a tool card that completes, then done', () => {
    const state = run([
      { type: 'loaded', conversation: { answering: false, limits, messages: [] } },
      { type: 'send', key: 'm1', text: 'Why does it fail?' },
      { type: 'event', event: { type: 'content', text: 'Let me ' } },
      { type: 'event', event: { type: 'tool_use', id: 't1', name: 'run_tests', input: {} } },
    ]);
    expect(state.busy).toBe(true);
    expect(state.messages.at(-1)).toMatchObject({
      role: 'assistant',
      text: 'Let me ',
      streaming: true,
      toolCalls: [{ id: 't1', status: 'running' }],
    });
    const finished = run(
      [
        {
          type: 'event',
          event: { type: 'tool_result', id: 't1', name: 'run_tests', ok: false, summary: '1 of 3 failed' },
        },
        { type: 'event', event: { type: 'content', text: 'check.' } },
        { type: 'event', event: { type: 'usage', inputTokens: 10, outputTokens: 5, costUsd: 0 } },
        { type: 'event', event: { type: 'done', turnIndex: 1 } },
      ],
      state,
    );
    expect(finished.busy).toBe(false);
    expect(finished.messages.at(-1)).toMatchObject({
      text: 'Let me check.',
      streaming: false,
      toolCalls: [{ id: 't1', status: 'failed', summary: '1 of 3 failed' }],
    });
    expect(finished.limits?.messagesRemaining).toBe(28);
    expect(finished.announcement).toContain('Let me check.');
  });

  it('marks the message as not sent on a 429 and shows the limit', () => {
    const state = run([
      { type: 'send', key: 'm1', text: 'hello' },
      { type: 'refused', status: 429, message: 'You have used the 30 AI messages allowed for this question' },
    ]);
    expect(state.busy).toBe(false);
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]?.error).toMatch(/^Not sent: You have used the 30/);
    expect(state.notice).toMatchObject({ kind: 'warning' });
    expect(refusalText(429, 'Too many requests', 12)).toBe('Too many requests. Try again in 12 s.');
  });

  it('explains a 403 and a 409 in plain words', () => {
    expect(
      run([
        { type: 'send', key: 'a', text: 'x' },
        { type: 'refused', status: 403, message: '' },
      ]).notice?.text,
    ).toMatch(/not available/);
    expect(
      run([
        { type: 'send', key: 'a', text: 'x' },
        { type: 'refused', status: 409, message: 'busy' },
      ]).notice?.text,
    ).toMatch(/still answering/);
  });

  it('keeps a partial answer when the stream drops or errors', () => {
    const dropped = run([
      { type: 'send', key: 'm', text: 'q' },
      { type: 'event', event: { type: 'content', text: 'part' } },
      { type: 'dropped', message: 'The connection dropped.' },
    ]);
    expect(dropped.messages.at(-1)).toMatchObject({
      text: 'part',
      streaming: false,
      error: 'The connection dropped.',
    });
    const failed = run([
      { type: 'send', key: 'm', text: 'q' },
      { type: 'event', event: { type: 'tool_use', id: 't', name: 'write_file', input: { path: 'a' } } },
      { type: 'event', event: { type: 'error', message: 'The model is unavailable', code: 'UNAVAILABLE' } },
    ]);
    expect(failed.busy).toBe(false);
    expect(failed.messages.at(-1)).toMatchObject({
      error: 'The model is unavailable',
      toolCalls: [{ status: 'failed' }],
    });
  });

  it('does not replace a streaming answer with a reload of the conversation', () => {
    const state = run([
      { type: 'send', key: 'm', text: 'q' },
      { type: 'event', event: { type: 'content', text: 'partial' } },
      { type: 'loaded', conversation: { answering: true, limits, messages: [] } },
    ]);
    expect(state.messages.at(-1)?.text).toBe('partial');
  });

  it('says when an answer from before a reload is still being produced', () => {
    const state = run([{ type: 'loaded', conversation: { answering: true, limits, messages: [] } }]);
    expect(state.answeringElsewhere).toBe(true);
    expect(state.notice?.text).toMatch(/still answering/);
  });
});

describe('limitNotice', () => {
  it('warns when messages run low and when they are gone', () => {
    expect(limitNotice(limits)).toBeUndefined();
    expect(limitNotice({ ...limits, messagesRemaining: 1 })?.text).toBe(
      '1 assistant message left for this question.',
    );
    expect(limitNotice({ ...limits, messagesRemaining: 0 })?.kind).toBe('warning');
  });
});

describe('describeToolInput', () => {
  it('shows the path or command, shortened', () => {
    expect(describeToolInput('read_file', { path: 'solution.py' })).toBe('solution.py');
    expect(describeToolInput('run_command', { command: 'x'.repeat(100) })).toHaveLength(78);
    expect(describeToolInput('run_tests', {})).toBe('visible tests');
    expect(describeToolInput('list_files', null)).toBe('');
  });
});
