/**
 * The Anthropic Messages API behind `LlmProvider`, through the official SDK. The SDK retries
 * 408/409/429/5xx and connection errors itself (honouring retry-after) up to `maxRetries`; what
 * still fails arrives here once and leaves as an `LlmProviderError`.
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
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
  type LlmContentBlock,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type LlmStopReason,
  type LlmStreamEvent,
  type LlmToolCall,
  type LlmUsage,
  type PriceTable,
} from './types.ts';

/** How to reach Anthropic (or a proxy that speaks its API). */
export interface AnthropicDriverOptions {
  apiKey: string;
  /** Default https://api.anthropic.com; the SDK appends /v1/messages. */
  baseUrl?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  prices: PriceTable;
  logger: Logger;
}

const LABEL = 'anthropic';
const sdkErrors = { APIError, APIUserAbortError, APIConnectionTimeoutError, APIConnectionError };

/** Maps a stop reason of the Messages API to ours. */
function stopReasonOf(reason: string | null | undefined): LlmStopReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'end_turn';
  if (reason === 'tool_use') return 'tool_use';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'max_tokens';
  return 'other';
}

function contentOf(content: string | LlmContentBlock[]): Anthropic.MessageParam['content'] {
  if (typeof content === 'string') return content;
  return content.map((block): Anthropic.ContentBlockParam => {
    if (block.type === 'text') return { type: 'text', text: block.text };
    if (block.type === 'tool_use')
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    return {
      type: 'tool_result',
      tool_use_id: block.toolUseId,
      content: block.content,
      ...(block.isError ? { is_error: true } : {}),
    };
  });
}

/** The SDK parameters of a request; sampling parameters only when asked for (newer models reject them). */
function paramsOf(request: LlmRequest, defaultModel: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: request.model ?? defaultModel,
    max_tokens: request.maxTokens,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: contentOf(message.content),
    })),
    ...(request.system ? { system: request.system } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.tools && request.tools.length > 0
      ? {
          tools: request.tools.map(
            (tool): Anthropic.Tool => ({
              name: tool.name,
              description: tool.description,
              input_schema: tool.inputSchema,
            }),
          ),
        }
      : {}),
  };
}

/** Cache reads and writes are input too: they count towards budgets (priced here at the input rate). */
function inputTokensOf(usage: {
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): number {
  return (
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  );
}

/** Creates the Anthropic provider. Every option is passed explicitly, so the SDK reads no environment variable for them. */
export function createAnthropicProvider(options: AnthropicDriverOptions): LlmProvider {
  const log = options.logger.child({ component: 'llm-anthropic' });
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? 'https://api.anthropic.com',
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    webhookKey: null,
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

  return {
    name: 'anthropic',
    defaultModel: options.model,

    async complete(request, signal) {
      const timeoutMs = request.timeoutMs ?? options.timeoutMs;
      const started = performance.now();
      const guard = guardCall(signal);
      try {
        const { data, request_id } = await client.messages
          .create(paramsOf(request, options.model), { signal: guard.signal, timeout: timeoutMs })
          .withResponse();
        const requestId = request_id ?? undefined;
        // A proxy answering 200 with something else (an HTML page served as text) must not pass as an answer.
        if (!data || typeof data !== 'object' || !Array.isArray(data.content) || !data.usage) {
          throw badResponse(LABEL, 'the body is not a Messages API message', requestId);
        }
        let text = '';
        const toolCalls: LlmToolCall[] = [];
        for (const block of data.content) {
          if (block.type === 'text') text += block.text;
          else if (block.type === 'tool_use')
            toolCalls.push({ id: block.id, name: block.name, input: block.input });
        }
        const usage: LlmUsage = {
          inputTokens: inputTokensOf(data.usage),
          outputTokens: data.usage.output_tokens ?? 0,
        };
        const model = data.model || (request.model ?? options.model);
        return finishedResponse(
          {
            text,
            toolCalls,
            stopReason: stopReasonOf(data.stop_reason),
            usage,
            requestId,
            provider: 'anthropic',
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
        const { data: events, request_id } = await client.messages
          .create(
            { ...paramsOf(request, options.model), stream: true },
            { signal: guard.signal, timeout: timeoutMs },
          )
          .withResponse();
        requestId = request_id ?? undefined;
        // The SDK's timeout ends when the response starts; from here a stream that goes silent is ours to stop.
        guard.touch(timeoutMs);

        let model = request.model ?? options.model;
        let text = '';
        let stopReason: string | null | undefined;
        let inputTokens = 0;
        let outputTokens = 0;
        let finished = false;
        const toolCalls: LlmToolCall[] = [];
        const openTools = new Map<number, { id: string; name: string; json: string }>();

        for await (const event of events) {
          guard.touch(timeoutMs);
          switch (event.type) {
            case 'message_start':
              model = event.message.model || model;
              inputTokens = inputTokensOf(event.message.usage);
              outputTokens = event.message.usage.output_tokens ?? 0;
              break;
            case 'content_block_start':
              if (event.content_block.type === 'tool_use') {
                openTools.set(event.index, {
                  id: event.content_block.id,
                  name: event.content_block.name,
                  json: '',
                });
              }
              break;
            case 'content_block_delta':
              if (event.delta.type === 'text_delta') {
                text += event.delta.text;
                yield { type: 'text', text: event.delta.text };
              } else if (event.delta.type === 'input_json_delta') {
                const tool = openTools.get(event.index);
                if (tool) tool.json += event.delta.partial_json;
              }
              break;
            case 'content_block_stop': {
              const tool = openTools.get(event.index);
              if (tool) {
                openTools.delete(event.index);
                const call = { id: tool.id, name: tool.name, input: parseToolInput(tool.json) };
                toolCalls.push(call);
                yield { type: 'tool_use', ...call };
              }
              break;
            }
            case 'message_delta':
              stopReason = event.delta.stop_reason ?? stopReason;
              outputTokens = event.usage.output_tokens ?? outputTokens;
              if (event.usage.input_tokens != null) inputTokens = inputTokensOf(event.usage);
              break;
            case 'message_stop':
              finished = true;
              break;
          }
        }
        // Both an abort and a connection cut end the SDK's iteration quietly; only message_stop means done.
        if (guard.timedOut || guard.cancelled) throw new APIUserAbortError();
        if (!finished) throw badResponse(LABEL, 'the stream ended before message_stop', requestId);

        const usage: LlmUsage = { inputTokens, outputTokens };
        const response: LlmResponse = finishedResponse(
          {
            text,
            toolCalls,
            stopReason: stopReasonOf(stopReason),
            usage,
            requestId,
            provider: 'anthropic',
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
