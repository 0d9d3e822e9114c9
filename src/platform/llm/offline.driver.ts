/**
 * The provider used when no AI provider is configured (and in tests): no network, same input ->
 * same output. Modules register a responder per purpose (question generation returns a valid
 * question, the assistant a canned hint); any other purpose gets a clearly labelled placeholder.
 */
import {
  estimateTokens,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type LlmStreamEvent,
  type LlmToolCall,
  requestText,
} from './types.ts';

/** What a responder returns; tool calls without an id get a deterministic one. */
export interface OfflineReply {
  text?: string;
  toolCalls?: Array<{ id?: string; name: string; input: unknown }>;
}

/** Produces the offline answer for one purpose; must be deterministic in its request. */
export type OfflineResponder = (request: LlmRequest) => OfflineReply | Promise<OfflineReply>;

/** The offline provider, plus registration of responders after creation (modules are wired after the platform). */
export interface OfflineProvider extends LlmProvider {
  name: 'offline';
  registerResponder(purpose: string, responder: OfflineResponder): void;
}

/** Model name recorded for offline calls. */
export const OFFLINE_MODEL = 'offline';

/** Narrows a provider to the offline one, to register responders on it. */
export function isOfflineProvider(provider: LlmProvider): provider is OfflineProvider {
  return provider.name === 'offline' && 'registerResponder' in provider;
}

function lastUserText(request: LlmRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message?.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
    if (text) return text;
  }
  return '';
}

/** The placeholder answer: labelled, and derived only from the last user message. */
export function offlineAnswer(request: LlmRequest): string {
  const said = lastUserText(request).replace(/\s+/g, ' ').trim();
  const words = said === '' ? 0 : said.split(' ').length;
  const excerpt = said.length > 120 ? `${said.slice(0, 120)}…` : said;
  return (
    '[offline model] No AI provider is configured, so this is a placeholder answer, not a real one. ' +
    `Your last message had ${words} word${words === 1 ? '' : 's'}${excerpt ? `: "${excerpt}"` : ''}.`
  );
}

/** Splits text into word-sized pieces so streaming consumers see several text events. */
function piecesOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Creates the offline provider with the given responders (more can be registered later). */
export function createOfflineProvider(
  options: { responders?: Record<string, OfflineResponder> } = {},
): OfflineProvider {
  const responders = new Map<string, OfflineResponder>(Object.entries(options.responders ?? {}));

  async function answer(request: LlmRequest, signal: AbortSignal | undefined): Promise<LlmResponse> {
    signal?.throwIfAborted();
    const started = performance.now();
    const responder = responders.get(request.purpose);
    const reply: OfflineReply = responder ? await responder(request) : { text: offlineAnswer(request) };
    const text = reply.text ?? '';
    const toolCalls: LlmToolCall[] = (reply.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `offline_tool_${index + 1}`,
      name: call.name,
      input: call.input,
    }));
    const output = text + toolCalls.map((call) => JSON.stringify(call.input) ?? '').join('');
    return {
      text,
      toolCalls,
      stopReason: toolCalls.length > 0 ? 'tool_use' : 'end_turn',
      usage: { inputTokens: estimateTokens(requestText(request)), outputTokens: estimateTokens(output) },
      latencyMs: Math.round(performance.now() - started),
      costUsd: 0,
      provider: 'offline',
      model: OFFLINE_MODEL,
    };
  }

  return {
    name: 'offline',
    defaultModel: OFFLINE_MODEL,
    registerResponder(purpose, responder) {
      responders.set(purpose, responder);
    },
    complete: (request, signal) => answer(request, signal),
    async *stream(request, signal): AsyncGenerator<LlmStreamEvent> {
      const response = await answer(request, signal);
      for (const piece of piecesOf(response.text)) {
        signal?.throwIfAborted();
        yield { type: 'text', text: piece };
      }
      for (const call of response.toolCalls) yield { type: 'tool_use', ...call };
      yield { type: 'done', response };
    },
  };
}
