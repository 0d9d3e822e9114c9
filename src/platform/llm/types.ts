/**
 * The one interface every LLM provider implements (Anthropic, OpenAI-compatible, offline), the
 * settings that choose one, and the price table that turns token usage into dollars. Pure: no I/O,
 * no SDK imports, so modules can depend on these shapes without pulling in a provider.
 */
import { z } from 'zod';

/** A piece of a message: text, a tool call made by the model, or the result of running one. */
export type LlmContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean };

/** One turn of the conversation. Tool results travel in `user` turns, as in the Messages API. */
export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string | LlmContentBlock[];
}

/** A JSON schema describing a tool's input; providers require an object at the top level. */
export interface LlmJsonSchema {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/** A tool the model may call; the caller runs it and sends back a `tool_result`. */
export interface LlmTool {
  name: string;
  description: string;
  inputSchema: LlmJsonSchema;
}

/** What a caller asks of the model. `purpose` labels the call in `llm_calls` and picks offline responders. */
export interface LlmRequest {
  /** Short stable label, e.g. `assistant.chat`, `questions.generate`, `evaluation.score`. */
  purpose: string;
  /** Whose budget the call counts against (daily organization budget). */
  organizationId?: string;
  /** Which interview session the call belongs to (session budget). */
  sessionId?: string;
  /** Provider model id; default: the provider's configured model. */
  model?: string;
  system?: string;
  messages: LlmMessage[];
  tools?: LlmTool[];
  maxTokens: number;
  /** Leave unset unless needed: some current models reject non-default sampling parameters. */
  temperature?: number;
  /** Per-request timeout (time until the provider starts answering, and the longest silence of a stream). */
  timeoutMs?: number;
}

/** A tool call the model made; `input` is the parsed JSON, or the raw string when the model produced invalid JSON. */
export interface LlmToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** Token counts as the provider reported them (estimated as ceil(chars / 4) when it reported none). */
export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Why the model stopped: finished, wants a tool run, ran out of `maxTokens`, or anything else. */
export type LlmStopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'other';

/** The model's answer. `text` is passed through untouched: a caller expecting JSON validates it. */
export interface LlmResponse {
  text: string;
  toolCalls: LlmToolCall[];
  stopReason: LlmStopReason;
  usage: LlmUsage;
  latencyMs: number;
  costUsd: number;
  /** The provider's id of the HTTP request, for support tickets and log correlation. */
  requestId?: string;
  provider: string;
  model: string;
}

/** Events of a streamed answer: text as it arrives, each tool call once its JSON is complete, then the whole response. */
export type LlmStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'done'; response: LlmResponse };

/** Names of the providers the platform can talk to. */
export type LlmProviderName = 'anthropic' | 'openai' | 'offline';

/** One LLM backend. Drivers throw `LlmProviderError` for provider failures; the LLM client maps them. */
export interface LlmProvider {
  name: LlmProviderName;
  defaultModel: string;
  complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
  stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmStreamEvent>;
}

/**
 * How a provider call failed, after the SDK's own retries. `invalid_request` and `cancelled` say
 * nothing about the provider's health; every other kind counts towards the circuit breaker.
 */
export type LlmFailureKind =
  | 'timeout'
  | 'rate_limited'
  | 'unavailable'
  | 'auth'
  | 'invalid_request'
  | 'bad_response'
  | 'cancelled';

/**
 * A provider failure in provider-neutral terms. `message` is safe to show a client; `detail` is
 * for operators (logs, `llm_calls.error`) and has had credentials scrubbed, but may quote the provider.
 */
export class LlmProviderError extends Error {
  readonly kind: LlmFailureKind;
  readonly detail: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: LlmFailureKind,
    message: string,
    options: {
      detail?: string;
      status?: number | undefined;
      requestId?: string | undefined;
      retryAfterSeconds?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LlmProviderError';
    this.kind = kind;
    this.detail = options.detail ?? message;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

// ---------------------------------------------------------------------------------------------
// Prices

/** List price of one model in USD per million tokens; `longContext` applies when the prompt is larger. */
export const ModelPriceSchema = z
  .object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    longContext: z
      .object({
        aboveInputTokens: z.number().int().positive(),
        inputPerMTok: z.number().nonnegative(),
        outputPerMTok: z.number().nonnegative(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** Prices by model id (the format of `LLM_PRICES`, which overrides or extends the default table). */
export const PriceTableSchema = z.record(z.string().min(1), ModelPriceSchema);
export type PriceTable = z.infer<typeof PriceTableSchema>;

const price = (inputPerMTok: number, outputPerMTok: number): ModelPrice => ({ inputPerMTok, outputPerMTok });

/**
 * Published list prices (USD per million tokens, standard tier, no caching or batch discounts) as
 * of late 2026. Prices change: override or add models with `LLM_PRICES` rather than trusting this
 * table for billing. Dated snapshots (`claude-haiku-4-5-20251001`, `gpt-4.1-2025-04-14`) fall back
 * to their alias.
 */
export const priceTable: PriceTable = {
  // Anthropic
  'claude-fable-5-1': price(10, 50),
  'claude-fable-5': price(10, 50),
  'claude-mythos-5-1': price(10, 50),
  'claude-mythos-5': price(10, 50),
  'claude-opus-5-5': price(4, 20),
  'claude-opus-5': price(5, 25),
  'claude-sonnet-5-5': price(2, 10),
  'claude-sonnet-5': price(2, 10),
  // Haiku 5.5 charges five times more for prompts over 100k tokens.
  'claude-haiku-5-5': {
    ...price(0.1, 0.5),
    longContext: { aboveInputTokens: 100_000, inputPerMTok: 0.5, outputPerMTok: 2.5 },
  },
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-5': price(5, 25),
  'claude-sonnet-4-6': price(3, 15),
  'claude-sonnet-4-5': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  // OpenAI
  'gpt-5.6-sol': price(5, 30),
  'gpt-5.6-terra': price(2.5, 15),
  'gpt-5.6-luna': price(1, 6),
  'gpt-5.5': price(5, 30),
  'gpt-5.4': price(2.5, 15),
  'gpt-5.4-mini': price(0.75, 4.5),
  'gpt-5.4-nano': price(0.2, 1.25),
  'gpt-5': price(1.25, 10),
  'gpt-5-mini': price(0.25, 2),
  'gpt-5-nano': price(0.05, 0.4),
  'gpt-4.1': price(2, 8),
  'gpt-4.1-mini': price(0.4, 1.6),
  'gpt-4.1-nano': price(0.1, 0.4),
  'gpt-4o': price(2.5, 10),
  'gpt-4o-mini': price(0.15, 0.6),
  // The offline provider never costs anything; listing it keeps it out of the unknown-model log.
  offline: price(0, 0),
};

/** The price of `model` in `table`, trying the exact id, then the id without a dated suffix; undefined when unknown. */
export function findModelPrice(model: string, table: PriceTable = priceTable): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  const alias = model.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '');
  return alias === model ? undefined : table[alias];
}

/** Cost in USD of one call (rounded to the micro-dollar, as stored); 0 for a model missing from the table. */
export function costOf(model: string, usage: LlmUsage, table: PriceTable = priceTable): number {
  const found = findModelPrice(model, table);
  if (!found) return 0;
  const rates =
    found.longContext && usage.inputTokens > found.longContext.aboveInputTokens ? found.longContext : found;
  const dollars =
    (usage.inputTokens * rates.inputPerMTok + usage.outputTokens * rates.outputPerMTok) / 1_000_000;
  return Math.round(dollars * 1_000_000) / 1_000_000;
}

/**
 * A cost function over `table` that reports each unknown model once through `onUnknownModel`, so
 * a misconfigured model shows up in the log without flooding it. Keeps no other state.
 */
export function createCostMeter(
  table: PriceTable,
  onUnknownModel: (model: string) => void,
): (model: string, usage: LlmUsage) => number {
  const reported = new Set<string>();
  return (model, usage) => {
    if (!findModelPrice(model, table) && !reported.has(model)) {
      reported.add(model);
      onUnknownModel(model);
    }
    return costOf(model, usage, table);
  };
}

/** Rough token count used when a provider reports none: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** All the text of a request (system, messages, tool inputs and results), for token estimates. */
export function requestText(request: Pick<LlmRequest, 'system' | 'messages'>): string {
  const parts: string[] = request.system ? [request.system] : [];
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      parts.push(message.content);
      continue;
    }
    for (const block of message.content) {
      if (block.type === 'text') parts.push(block.text);
      else if (block.type === 'tool_use') parts.push(block.name, JSON.stringify(block.input) ?? '');
      else parts.push(block.content);
    }
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Everything `createLlmProvider` and `createLlmClient` need, as loaded from the environment. */
export interface LlmSettings {
  /** Which backend answers: a hosted API, or the deterministic offline provider. */
  provider: LlmProviderName;
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
  /** Any OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama, LiteLLM ...). */
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
  /** Time until the provider starts answering (and longest silence of a stream), per attempt. */
  timeoutMs: number;
  /** Retries of the SDK itself for 408/409/429/5xx and connection errors, honouring retry-after. */
  maxRetries: number;
  budgets: {
    /** Tokens (input + output) one organization may use per UTC day; undefined = unlimited. */
    organizationDailyTokens: number | undefined;
    /** Tokens one interview session may use in total; undefined = unlimited. */
    sessionTokens: number | undefined;
  };
  /** The default price table merged with `LLM_PRICES`. */
  prices: PriceTable;
}
