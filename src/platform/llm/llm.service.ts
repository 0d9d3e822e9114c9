/**
 * What the rest of the platform calls to talk to a model: one provider behind token budgets, a
 * circuit breaker, and a record of every call in `llm_calls` (cost per organization, diagnostics).
 * Provider failures leave as `AppError`s whose messages are safe to show a client.
 */
import { and, eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { LlmCallOutcome } from '../db/schema/enums.ts';
import { llmCalls } from '../db/schema/operations.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  type LlmProvider,
  LlmProviderError,
  type LlmProviderName,
  type LlmRequest,
  type LlmResponse,
  type LlmStreamEvent,
  type LlmUsage,
} from './types.ts';

/** Token limits checked before each call; unset = unlimited. */
export interface LlmBudgets {
  /** Input + output tokens one organization may use per UTC day. */
  organizationDailyTokens?: number | undefined;
  /** Input + output tokens one interview session may use in total. */
  sessionTokens?: number | undefined;
}

/** When the breaker opens and for how long. */
export interface BreakerOptions {
  /** Consecutive provider failures (after the SDK's own retries) that open the breaker; default 5. */
  failureThreshold?: number;
  /** How long an open breaker fails calls fast before letting one trial call through; default 30 s. */
  openMs?: number;
}

/** The breaker as operators see it (health endpoints, diagnostics). */
export interface BreakerState {
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  openedAt?: Date;
}

/** The LLM entry point every module receives. */
export interface LlmClient {
  /** Which provider answers. */
  provider: LlmProviderName;
  /** The model used when a request names none. */
  defaultModel: string;
  complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
  /** Budgets and the breaker are checked when iteration starts; stopping early cancels the provider call. */
  stream(request: LlmRequest, signal?: AbortSignal): AsyncIterable<LlmStreamEvent>;
  breakerState(): BreakerState;
}

type Ticket = 'normal' | 'trial';

/**
 * Counts consecutive provider failures. Open: every call fails fast until `openMs` has passed;
 * then half-open: one trial call goes through, its success closes the breaker, its failure opens
 * it again. State lives in this process only; each process protects its own callers.
 */
function createBreaker(threshold: number, openMs: number, now: () => Date) {
  let failures = 0;
  let openedAt: number | undefined;
  let trialInFlight = false;

  const stateNow = (): BreakerState['state'] => {
    if (openedAt === undefined) return 'closed';
    return now().getTime() - openedAt < openMs ? 'open' : 'half-open';
  };

  return {
    state(): BreakerState {
      const state = stateNow();
      return openedAt === undefined
        ? { state, consecutiveFailures: failures }
        : { state, consecutiveFailures: failures, openedAt: new Date(openedAt) };
    },
    /** A ticket for one call, or the milliseconds until calls are let through again. */
    admit(): { ticket: Ticket } | { retryInMs: number } {
      const state = stateNow();
      if (state === 'closed') return { ticket: 'normal' };
      if (state === 'open') return { retryInMs: (openedAt ?? 0) + openMs - now().getTime() };
      if (trialInFlight) return { retryInMs: 1_000 };
      trialInFlight = true;
      return { ticket: 'trial' };
    },
    succeeded(ticket: Ticket) {
      failures = 0;
      openedAt = undefined;
      if (ticket === 'trial') trialInFlight = false;
    },
    failed(ticket: Ticket) {
      failures += 1;
      if (ticket === 'trial') {
        trialInFlight = false;
        openedAt = now().getTime();
      } else if (openedAt === undefined && failures >= threshold) {
        openedAt = now().getTime();
      }
    },
    /** The call ended without saying anything about the provider's health (cancelled, refused as invalid). */
    released(ticket: Ticket) {
      if (ticket === 'trial') trialInFlight = false;
    },
  };
}

/** What a failed call becomes: the error to throw, the outcome to record, and whether the provider is to blame. */
interface Failure {
  error: unknown;
  outcome: LlmCallOutcome;
  countsAgainstProvider: boolean;
  detail: string;
  requestId: string | undefined;
}

function classify(error: unknown, signal: AbortSignal | undefined): Failure {
  if (!(error instanceof LlmProviderError)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (signal?.aborted) {
      return {
        error: new AppError('UNAVAILABLE', 'The AI request was cancelled', { cause: error }),
        outcome: 'cancelled',
        countsAgainstProvider: false,
        detail: 'cancelled by the caller',
        requestId: undefined,
      };
    }
    // Not a provider failure but a defect on our side: let it surface as an internal error.
    return { error, outcome: 'error', countsAgainstProvider: false, detail, requestId: undefined };
  }
  const base = { detail: `${error.kind}: ${error.detail}`, requestId: error.requestId };
  const options = { cause: error, retryAfterSeconds: error.retryAfterSeconds };
  switch (error.kind) {
    case 'timeout':
      return {
        ...base,
        error: new AppError('UNAVAILABLE', error.message, options),
        outcome: 'timeout',
        countsAgainstProvider: true,
      };
    case 'rate_limited': {
      const wait = error.retryAfterSeconds;
      const message = wait
        ? `The AI provider is rate limiting requests; try again in ${wait} s`
        : 'The AI provider is rate limiting requests; try again shortly';
      return {
        ...base,
        error: new AppError('RATE_LIMITED', message, options),
        outcome: 'rate_limited',
        countsAgainstProvider: true,
      };
    }
    case 'invalid_request':
      return {
        ...base,
        error: new AppError('BAD_REQUEST', error.message, options),
        outcome: 'error',
        countsAgainstProvider: false,
      };
    case 'cancelled':
      return {
        ...base,
        error: new AppError('UNAVAILABLE', error.message, options),
        outcome: 'cancelled',
        countsAgainstProvider: false,
      };
    default:
      return {
        ...base,
        error: new AppError('UNAVAILABLE', error.message, options),
        outcome: 'error',
        countsAgainstProvider: true,
      };
  }
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Wraps `provider` with budgets, a circuit breaker and call recording. */
export function createLlmClient(options: {
  provider: LlmProvider;
  db: Database;
  logger: Logger;
  budgets?: LlmBudgets;
  breaker?: BreakerOptions;
  now?: () => Date;
}): LlmClient {
  const { provider, db } = options;
  const log = options.logger.child({ component: 'llm' });
  const now = options.now ?? (() => new Date());
  const budgets = options.budgets ?? {};
  const breaker = createBreaker(
    options.breaker?.failureThreshold ?? 5,
    options.breaker?.openMs ?? 30_000,
    now,
  );
  const successOutcome: LlmCallOutcome = provider.name === 'offline' ? 'offline' : 'ok';

  async function record(
    request: LlmRequest,
    row: {
      model: string;
      outcome: LlmCallOutcome;
      latencyMs: number;
      usage?: LlmUsage;
      costUsd?: number;
      requestId?: string | undefined;
      error?: string;
    },
  ): Promise<void> {
    try {
      await db.insert(llmCalls).values({
        organizationId: request.organizationId ?? null,
        sessionId: request.sessionId ?? null,
        purpose: request.purpose,
        provider: provider.name,
        model: row.model,
        inputTokens: row.usage?.inputTokens ?? 0,
        outputTokens: row.usage?.outputTokens ?? 0,
        costUsd: row.costUsd ?? 0,
        latencyMs: Math.max(0, Math.round(row.latencyMs)),
        outcome: row.outcome,
        requestId: row.requestId ?? null,
        error: row.error?.slice(0, 1_000) ?? null,
        createdAt: now(),
      });
    } catch (error) {
      // Losing a diagnostics row must not fail the call the user is waiting for.
      log.warn(
        { err: error, purpose: request.purpose, outcome: row.outcome },
        'could not record an LLM call',
      );
    }
  }

  async function tokensUsed(where: SQL | undefined): Promise<number> {
    const [row] = await db
      .select({ used: sql<string>`coalesce(sum(${llmCalls.inputTokens} + ${llmCalls.outputTokens}), 0)` })
      .from(llmCalls)
      .where(where);
    return Number(row?.used ?? 0);
  }

  /** Refuses a call whose organization or session has used its budget (checked before the call, so concurrent calls may overshoot by one). */
  async function checkBudgets(request: LlmRequest, model: string): Promise<void> {
    const refusals: Array<{ limit: number; where: SQL | undefined; refuse: (used: number) => AppError }> = [];
    const orgLimit = budgets.organizationDailyTokens;
    if (request.organizationId && orgLimit !== undefined) {
      const today = startOfUtcDay(now());
      const untilReset = Math.ceil((today.getTime() + 86_400_000 - now().getTime()) / 1000);
      refusals.push({
        limit: orgLimit,
        where: and(eq(llmCalls.organizationId, request.organizationId), gte(llmCalls.createdAt, today)),
        refuse: (used) =>
          new AppError(
            'PAYMENT_REQUIRED',
            `This organization has used its daily AI token budget (${used} of ${orgLimit} tokens); it resets at 00:00 UTC`,
            { retryAfterSeconds: untilReset },
          ),
      });
    }
    const sessionLimit = budgets.sessionTokens;
    if (request.sessionId && sessionLimit !== undefined) {
      refusals.push({
        limit: sessionLimit,
        where: eq(llmCalls.sessionId, request.sessionId),
        refuse: (used) =>
          new AppError(
            'RATE_LIMITED',
            `This interview session has used its AI token budget (${used} of ${sessionLimit} tokens)`,
          ),
      });
    }
    for (const budget of refusals) {
      let used: number;
      try {
        used = await tokensUsed(budget.where);
      } catch (error) {
        // A budget we cannot read must not take the AI features down with the database hiccup.
        log.warn(
          { err: error, purpose: request.purpose },
          'could not check an LLM token budget; allowing the call',
        );
        continue;
      }
      if (used >= budget.limit) {
        const refusal = budget.refuse(used);
        // The outcome enum has no budget value; a budget refusal is our own rate limit.
        await record(request, {
          model,
          outcome: 'rate_limited',
          latencyMs: 0,
          error: `budget: ${refusal.message}`,
        });
        throw refusal;
      }
    }
  }

  /** Admits a call through the breaker, or records and throws the fast failure. */
  async function admit(request: LlmRequest, model: string): Promise<Ticket> {
    const admission = breaker.admit();
    if ('ticket' in admission) return admission.ticket;
    const seconds = Math.max(1, Math.ceil(admission.retryInMs / 1000));
    const error = new AppError('UNAVAILABLE', `The AI provider is unavailable; retrying in ${seconds} s`, {
      retryAfterSeconds: seconds,
    });
    await record(request, { model, outcome: 'circuit_open', latencyMs: 0, error: 'circuit breaker open' });
    throw error;
  }

  async function fail(
    request: LlmRequest,
    model: string,
    ticket: Ticket,
    error: unknown,
    signal: AbortSignal | undefined,
    latencyMs: number,
  ): Promise<unknown> {
    const failure = classify(error, signal);
    if (failure.countsAgainstProvider) breaker.failed(ticket);
    else breaker.released(ticket);
    const level = failure.outcome === 'cancelled' ? 'debug' : 'warn';
    log[level](
      {
        purpose: request.purpose,
        outcome: failure.outcome,
        detail: failure.detail,
        requestId: failure.requestId,
        breaker: breaker.state().state,
      },
      'LLM call failed',
    );
    await record(request, {
      model,
      outcome: failure.outcome,
      latencyMs,
      requestId: failure.requestId,
      error: failure.detail,
    });
    return failure.error;
  }

  async function succeed(request: LlmRequest, ticket: Ticket, response: LlmResponse): Promise<void> {
    breaker.succeeded(ticket);
    await record(request, {
      model: response.model,
      outcome: successOutcome,
      latencyMs: response.latencyMs,
      usage: response.usage,
      costUsd: response.costUsd,
      requestId: response.requestId,
    });
  }

  return {
    provider: provider.name,
    defaultModel: provider.defaultModel,
    breakerState: () => breaker.state(),

    async complete(request, signal) {
      const model = request.model ?? provider.defaultModel;
      await checkBudgets(request, model);
      const ticket = await admit(request, model);
      const started = performance.now();
      let response: LlmResponse;
      try {
        response = await provider.complete(request, signal);
      } catch (error) {
        throw await fail(request, model, ticket, error, signal, performance.now() - started);
      }
      await succeed(request, ticket, response);
      return response;
    },

    async *stream(request, signal) {
      const model = request.model ?? provider.defaultModel;
      await checkBudgets(request, model);
      const ticket = await admit(request, model);
      // Our own controller, so a consumer that stops reading also stops the provider call.
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) controller.abort(signal.reason);
      else signal?.addEventListener('abort', onAbort, { once: true });
      const started = performance.now();
      let settled = false;
      try {
        for await (const event of provider.stream(request, controller.signal)) {
          if (event.type === 'done') {
            settled = true;
            await succeed(request, ticket, event.response);
          }
          yield event;
        }
        if (!settled) {
          throw new LlmProviderError(
            'bad_response',
            'The AI provider sent a response that could not be read',
            {
              detail: `${provider.name}: the stream ended without a final response`,
            },
          );
        }
      } catch (error) {
        if (settled) throw error;
        settled = true;
        throw await fail(request, model, ticket, error, signal, performance.now() - started);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        if (!settled) {
          // The consumer stopped reading before the answer was complete.
          controller.abort();
          breaker.released(ticket);
          await record(request, {
            model,
            outcome: 'cancelled',
            latencyMs: performance.now() - started,
            error: 'the caller stopped reading the stream',
          });
        }
      }
    },
  };
}
