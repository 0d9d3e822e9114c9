/**
 * The AI chat's state as a reducer: the conversation loaded on resume, the candidate's message,
 * the streamed answer (text as it arrives, tool calls as cards that turn ok/failed), refusals
 * (403 off, 409 busy, 429 limit) and a dropped stream. Pure.
 */
import type {
  AssistantConversation,
  AssistantStreamEvent,
  AssistantUsageLimits,
  ConversationMessage,
} from './types.ts';

/** A tool call the assistant made. */
export interface ChatToolCall {
  id: string;
  name: string;
  input: unknown;
  status: 'running' | 'ok' | 'failed';
  summary?: string;
}

/** One bubble of the chat. */
export interface ChatMessage {
  key: string;
  role: 'user' | 'assistant';
  text: string;
  toolCalls: ChatToolCall[];
  /** The answer is still arriving. */
  streaming: boolean;
  /** Shown under the message: why it was not sent, or why the answer stopped. */
  error?: string;
}

/** A notice above the input (the assistant is off, a limit is used up). */
export interface ChatNotice {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

/** The chat's state. */
export interface ChatState {
  messages: ChatMessage[];
  /** A message is on its way or an answer is streaming: the input waits. */
  busy: boolean;
  /** The server is still producing an answer started before a reload. */
  answeringElsewhere: boolean;
  limits?: AssistantUsageLimits;
  notice?: ChatNotice;
  lastUsage?: { inputTokens: number; outputTokens: number };
  /** Set by `done`/`error`: a screen-reader summary of the last turn. */
  announcement: string;
}

/** What can happen to the chat. */
export type ChatAction =
  | { type: 'loaded'; conversation: AssistantConversation }
  | { type: 'send'; key: string; text: string }
  | { type: 'event'; event: AssistantStreamEvent }
  /** The server refused the message before answering (status and its message). */
  | { type: 'refused'; status: number; message: string; retryAfterSeconds?: number }
  /** The stream broke off (network) before `done`. */
  | { type: 'dropped'; message: string }
  | { type: 'limits'; limits: AssistantUsageLimits };

/** The empty chat. */
export const initialChatState: ChatState = {
  messages: [],
  busy: false,
  answeringElsewhere: false,
  announcement: '',
};

function fromConversation(message: ConversationMessage, index: number): ChatMessage {
  return {
    key: `stored-${message.turnIndex}-${message.role}-${index}`,
    role: message.role,
    text: message.text,
    streaming: false,
    toolCalls: (message.toolCalls ?? []).map((call) => ({
      id: call.id,
      name: call.name,
      input: call.input,
      status: call.ok ? 'ok' : 'failed',
      summary: call.summary,
    })),
  };
}

/** The notice for the limits: warn when few messages are left, say so when none are. */
export function limitNotice(limits: AssistantUsageLimits | undefined): ChatNotice | undefined {
  if (!limits) return undefined;
  if (limits.messagesRemaining <= 0) {
    return {
      kind: 'warning',
      text: `You have used all ${limits.messagesPerQuestion} assistant messages for this question. It resets with the next question.`,
    };
  }
  if (limits.tokensRemaining <= 0) {
    return { kind: 'warning', text: 'The assistant has used its budget for this interview.' };
  }
  if (limits.messagesRemaining <= 3) {
    return {
      kind: 'info',
      text: `${limits.messagesRemaining} assistant message${limits.messagesRemaining === 1 ? '' : 's'} left for this question.`,
    };
  }
  return undefined;
}

/** The plain-words message for a refusal before the stream started. */
export function refusalText(status: number, message: string, retryAfterSeconds?: number): string {
  switch (status) {
    case 403:
      return message || 'The AI assistant is not available in this interview.';
    case 409:
      return 'The assistant is still answering your previous message; wait for it to finish.';
    case 429: {
      const text = message || 'The assistant limit is used up for now';
      const sentence = /[.!?]$/.test(text) ? text : `${text}.`;
      return retryAfterSeconds ? `${sentence} Try again in ${retryAfterSeconds} s.` : sentence;
    }
    default:
      return message || 'The message could not be sent; try again.';
  }
}

function updateLast(state: ChatState, update: (message: ChatMessage) => ChatMessage): ChatMessage[] {
  const messages = [...state.messages];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message && message.role === 'assistant' && message.streaming) {
      messages[i] = update(message);
      return messages;
    }
  }
  return messages;
}

/** The chat after `action`. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded': {
      const { conversation } = action;
      // While a message of this page is streaming, keep it: the stored copy is still incomplete.
      if (state.busy)
        return { ...state, limits: conversation.limits, notice: limitNotice(conversation.limits) };
      return {
        ...state,
        messages: conversation.messages.map(fromConversation),
        limits: conversation.limits,
        answeringElsewhere: conversation.answering,
        notice: conversation.answering
          ? { kind: 'info', text: 'The assistant is still answering your last message…' }
          : limitNotice(conversation.limits),
      };
    }
    case 'send':
      return {
        ...state,
        busy: true,
        announcement: 'Message sent. The assistant is answering.',
        messages: [
          ...state.messages,
          { key: `${action.key}-user`, role: 'user', text: action.text, toolCalls: [], streaming: false },
          { key: `${action.key}-assistant`, role: 'assistant', text: '', toolCalls: [], streaming: true },
        ],
      };
    case 'event': {
      const event = action.event;
      switch (event.type) {
        case 'content':
          return {
            ...state,
            messages: updateLast(state, (message) => ({ ...message, text: message.text + event.text })),
          };
        case 'tool_use':
          return {
            ...state,
            messages: updateLast(state, (message) => ({
              ...message,
              toolCalls: [
                ...message.toolCalls,
                { id: event.id, name: event.name, input: event.input, status: 'running' },
              ],
            })),
          };
        case 'tool_result':
          return {
            ...state,
            messages: updateLast(state, (message) => {
              const known = message.toolCalls.some((call) => call.id === event.id);
              const result: ChatToolCall = {
                id: event.id,
                name: event.name,
                input: undefined,
                status: event.ok ? 'ok' : 'failed',
                summary: event.summary,
              };
              return {
                ...message,
                toolCalls: known
                  ? message.toolCalls.map((call) =>
                      call.id === event.id
                        ? { ...call, status: result.status, summary: event.summary }
                        : call,
                    )
                  : [...message.toolCalls, result],
              };
            }),
          };
        case 'usage':
          return {
            ...state,
            lastUsage: { inputTokens: event.inputTokens, outputTokens: event.outputTokens },
          };
        case 'done': {
          const last = [...state.messages].reverse().find((message) => message.role === 'assistant');
          const limits = state.limits
            ? {
                ...state.limits,
                messagesUsed: state.limits.messagesUsed + 1,
                messagesRemaining: Math.max(0, state.limits.messagesRemaining - 1),
              }
            : undefined;
          return {
            ...state,
            busy: false,
            ...(limits ? { limits } : {}),
            notice: limitNotice(limits),
            announcement: last?.text ? `The assistant answered: ${last.text}` : 'The assistant finished.',
            messages: updateLast(state, (message) => ({
              ...message,
              streaming: false,
              // Tool calls without a result when the turn ended did not complete.
              toolCalls: message.toolCalls.map((call) =>
                call.status === 'running' ? { ...call, status: 'failed' } : call,
              ),
            })),
          };
        }
        case 'error':
          return {
            ...state,
            busy: false,
            announcement: `The assistant stopped: ${event.message}`,
            messages: updateLast(state, (message) => ({
              ...message,
              streaming: false,
              error: event.message,
              toolCalls: message.toolCalls.map((call) =>
                call.status === 'running' ? { ...call, status: 'failed' } : call,
              ),
            })),
          };
        default:
          return state;
      }
    }
    case 'refused': {
      const text = refusalText(action.status, action.message, action.retryAfterSeconds);
      // Drop the empty answer bubble; keep the candidate's text visible, marked as not sent.
      const messages = state.messages.filter(
        (message) => !(message.role === 'assistant' && message.streaming && message.text === ''),
      );
      const lastUser = messages.length - 1;
      const last = messages[lastUser];
      if (last && last.role === 'user') messages[lastUser] = { ...last, error: `Not sent: ${text}` };
      return {
        ...state,
        busy: false,
        messages,
        announcement: `Not sent: ${text}`,
        notice: {
          kind: action.status === 403 || action.status === 429 ? 'warning' : 'error',
          text,
        },
      };
    }
    case 'dropped':
      return {
        ...state,
        busy: false,
        announcement: action.message,
        messages: updateLast(state, (message) => ({
          ...message,
          streaming: false,
          error: action.message,
        })),
      };
    case 'limits':
      return {
        ...state,
        limits: action.limits,
        notice: state.busy ? state.notice : limitNotice(action.limits),
      };
    default:
      return state;
  }
}

/** A short, readable line for a tool call's input (the path it touched, the command it ran). */
export function describeToolInput(name: string, input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const record = input as Record<string, unknown>;
  const pick = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const detail = pick('path') ?? pick('command') ?? pick('file') ?? pick('query');
  if (detail) return detail.length > 80 ? `${detail.slice(0, 77)}…` : detail;
  if (name.includes('test')) return 'visible tests';
  return '';
}
