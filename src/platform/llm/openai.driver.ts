/**
 * Any OpenAI-compatible chat-completions server (OpenAI itself, vLLM, Ollama, LiteLLM ...) behind
 * `LlmProvider`, through the official SDK. Tools become function tools; tool results become `tool`
 * messages. The SDK retries 408/409/429/5xx and connection errors itself, honouring retry-after.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Logger } from '../logger.ts';
import {
  badResponse,
  type CallGuard,
  finishedResponse,
  guardCall,
  parseToolInput,
  sdkLogger,
  toProviderError,
} from './driver-support.ts';
import {
  createCostMeter,
  estimateTokens,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type LlmStopReason,
  type LlmStreamEvent,
  type LlmToolCall,
  type LlmUsage,
  type PriceTable,
  requestText,
} from './types.ts';

/** How to reach the server. */
export interface OpenAiDriverOptions {
  /** Required by api.openai.com; many self-hosted servers need none. */
  apiKey?: string | undefined;
  /** Default https://api.openai.com/v1 (the SDK appends /chat/completions). */
  baseUrl?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  prices: PriceTable;
  logger: Logger;
}

const LABEL = 'openai';
const OFFICIAL_BASE_URL = 'https://api.openai.com/v1';
const sdkErrors = { APIError, APIUserAbortError, APIConnectionTimeoutError, APIConnectionError };

function stopReasonOf(reason: string | null | undefined): LlmStopReason {
  if (reason === 'stop') return 'end_turn';
  if (reason === 'tool_calls' || reason === 'function_call') return 'tool_use';
  if (reason === 'length') return 'max_tokens';
  return 'other';
}

function argumentsOf(input: unknown): string {
  // A tool input the model produced as invalid JSON is kept as its raw text; send it back as it was.
  return typeof input === 'string' ? input : (JSON.stringify(input ?? {}) ?? '{}');
}

/** Our conversation as chat messages: tool results in a user turn become `tool` messages placed first. */
function messagesOf(request: LlmRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = request.system
    ? [{ role: 'system', content: request.system }]
    : [];
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
      continue;
    }
    const text = message.content
      .flatMap((block) => (block.type === 'text' ? [block.text] : []))
      .join(message.role === 'assistant' ? '' : '\n');
    if (message.role === 'assistant') {
      const toolCalls = message.content.flatMap((block): ChatCompletionMessageFunctionToolCall[] =>
        block.type === 'tool_use'
          ? [
              {
                id: block.id,
                type: 'function',
                function: { name: block.name, arguments: argumentsOf(block.input) },
              },
            ]
          : [],
      );
      messages.push({
        role: 'assistant',
        content: text || null,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      });
      continue;
    }
    for (const block of message.content) {
      if (block.type === 'tool_result') {
        messages.push({
          role: 'tool',
          tool_call_id: block.toolUseId,
          content: block.isError ? `Error: ${block.content}` : block.content,
        });
      }
    }
    if (text) messages.push({ role: 'user', content: text });
  }
  return messages;
}

/** Creates the OpenAI-compatible provider. Every option is passed explicitly, so the SDK reads no environment variable for them. */
export function createOpenAiProvider(options: OpenAiDriverOptions): LlmProvider {
  const log = options.logger.child({ component: 'llm-openai' });
  const baseURL = options.baseUrl ?? OFFICIAL_BASE_URL;
  // OpenAI's current models only accept max_completion_tokens, while many compatible servers
  // still only know max_tokens: use each where it is understood.
  const official = new URL(baseURL).hostname === 'api.openai.com';
  const client = new OpenAI({
    // The SDK refuses to start without a key; self-hosted servers ignore it.
    apiKey: options.apiKey ?? 'no-key-configured',
    baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logger: sdkLogger(log),
    logLevel: 'warn',
  });
  const costOf = createCostMeter(options.prices, (model) =>
    log.warn({ model }, 'no price known for this model; its calls are recorded with cost 0 (set LLM_PRICES)'),
  );
  const mapError = (error: unknown, guard: CallGuard, timeoutMs: number, requestId?: string) =>
    toProviderError(error, sdkErrors, {
      label: LABEL,
      guard,
      timeoutMs,
      secrets: [options.apiKey],
      requestId,
    });

  const paramsOf = (request: LlmRequest): ChatCompletionCreateParamsNonStreaming => ({
    model: request.model ?? options.model,
    messages: messagesOf(request),
    ...(official ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens }),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.tools && request.tools.length > 0
      ? {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }
      : {}),
  });

  /** Provider-reported usage, or an estimate when a compatible server reports none (budgets still need a number). */
  const usageOf = (
    request: LlmRequest,
    reported: { prompt_tokens?: number; completion_tokens?: number } | null | undefined,
    text: string,
    toolCalls: LlmToolCall[],
  ): LlmUsage =>
    reported && typeof reported.prompt_tokens === 'number'
      ? { inputTokens: reported.prompt_tokens, outputTokens: reported.completion_tokens ?? 0 }
      : {
          inputTokens: estimateTokens(requestText(request)),
          outputTokens: estimateTokens(text + toolCalls.map((call) => argumentsOf(call.input)).join('')),
        };

  return {
    name: 'openai',
    defaultModel: options.model,

    async complete(request, signal) {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs;
      const started = performance.now();
      const guard = guardCall(signal);
      try {
        const { data, request_id } = await client.chat.completions
          .create({ ...paramsOf(request), stream: false }, { signal: guard.signal, timeout: timeoutMs })
          .withResponse();
        const requestId = request_id ?? undefined;
        const choice =
          data && typeof data === 'object' && Array.isArray(data.choices) ? data.choices[0] : undefined;
        if (!choice?.message) throw badResponse(LABEL, 'the body is not a chat completion', requestId);
        const text = choice.message.content ?? '';
        const toolCalls: LlmToolCall[] = (choice.message.tool_calls ?? []).flatMap((call) =>
          call.type === 'function'
            ? [{ id: call.id, name: call.function.name, input: parseToolInput(call.function.arguments) }]
            : [],
        );
        const usage = usageOf(request, data.usage, text, toolCalls);
        const model = data.model || (request.model ?? options.model);
        return finishedResponse(
          {
            text,
            toolCalls,
            stopReason: stopReasonOf(choice.finish_reason),
            usage,
            requestId,
            provider: 'openai',
            model,
          },
          started,
          costOf,
        );
      } catch (error) {
        throw mapError(error, guard, timeoutMs);
      } finally {
        guard.dispose();
      }
    },

    async *stream(request, signal): AsyncGenerator<LlmStreamEvent> {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs;
      const started = performance.now();
      const guard = guardCall(signal);
      let requestId: string | undefined;
      try {
        const { data: chunks, request_id } = await client.chat.completions
          .create(
            { ...paramsOf(request), stream: true, stream_options: { include_usage: true } },
            { signal: guard.signal, timeout: timeoutMs },
          )
          .withResponse();
        requestId = request_id ?? undefined;
        // The SDK's timeout ends when the response starts; from here a stream that goes silent is ours to stop.
        guard.touch(timeoutMs);

        let model = request.model ?? options.model;
        let text = '';
        let finishReason: string | null = null;
        let reported: { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
        const partial = new Map<number, { id: string; name: string; args: string }>();
        const toolCalls: LlmToolCall[] = [];
        // Arguments arrive in fragments; a call is whole once the model finishes (or the stream ends).
        function* completeToolCalls(): Generator<LlmStreamEvent> {
          for (const index of [...partial.keys()].sort((a, b) => a - b)) {
            const call = partial.get(index);
            if (!call) continue;
            const done = { id: call.id, name: call.name, input: parseToolInput(call.args) };
            toolCalls.push(done);
            yield { type: 'tool_use', ...done };
          }
          partial.clear();
        }

        for await (const chunk of chunks) {
          guard.touch(timeoutMs);
          if (chunk.model) model = chunk.model;
          if (chunk.usage) reported = chunk.usage;
          const choice = chunk.choices?.[0];
          if (!choice) continue;
          const delta = choice.delta;
          if (delta?.content) {
            text += delta.content;
            yield { type: 'text', text: delta.content };
          }
          for (const fragment of delta?.tool_calls ?? []) {
            const call = partial.get(fragment.index) ?? { id: '', name: '', args: '' };
            if (fragment.id) call.id = fragment.id;
            if (fragment.function?.name) call.name += fragment.function.name;
            if (fragment.function?.arguments) call.args += fragment.function.arguments;
            partial.set(fragment.index, call);
          }
          if (choice.finish_reason) {
            finishReason = choice.finish_reason;
            yield* completeToolCalls();
          }
        }
        if (guard.timedOut || guard.cancelled) throw new APIUserAbortError();
        if (finishReason === null)
          throw badResponse(LABEL, 'the stream ended without a finish_reason', requestId);
        yield* completeToolCalls();

        const usage = usageOf(request, reported, text, toolCalls);
        const response: LlmResponse = finishedResponse(
          {
            text,
            toolCalls,
            stopReason: stopReasonOf(finishReason),
            usage,
            requestId,
            provider: 'openai',
            model,
          },
          started,
          costOf,
        );
        yield { type: 'done', response };
      } catch (error) {
        throw mapError(error, guard, timeoutMs, requestId);
      } finally {
        guard.dispose();
      }
    },
  };
}
