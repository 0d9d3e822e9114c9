/**
 * The AI assistant: one candidate message in, a streamed answer out. Checks the policy and the
 * limits before any model call, rebuilds the current question's conversation from
 * `ai_interactions`, lets the model use the policy's tools through the `AssistantWorkspace` port
 * (bounded per turn), and records every message and tool call (tokens, latency, cost) in the
 * database and on the session timeline.
 */
import type { Database } from '../../platform/db/client.ts';
import type { AiInteraction } from '../../platform/db/schema/index.ts';
import type { AiToolCall, JsonValue } from '../../platform/db/schema/types.ts';
import { AppError, ConflictError } from '../../platform/errors.ts';
import type { LlmClient } from '../../platform/llm/llm.service.ts';
import type { OfflineReply } from '../../platform/llm/offline.driver.ts';
import {
  type LlmContentBlock,
  type LlmMessage,
  LlmProviderError,
  type LlmRequest,
  type LlmResponse,
  type LlmToolCall,
} from '../../platform/llm/types.ts';
import { createLogger, type Logger } from '../../platform/logger.ts';
import type { AssistantSessionContext, AssistantWorkspace } from './assistant.ports.ts';
import {
  addSessionTokens,
  deleteInteraction,
  insertInteraction,
  listConversation,
  sessionTokensUsed,
  setInteractionEventSeq,
} from './assistant.repository.ts';
import type { AssistantConversation, AssistantStreamEvent, ConversationMessage } from './assistant.schema.ts';
import {
  type AssistantLimits,
  assertAssistantEnabled,
  checkCandidateMessage,
  resolveAssistantLimits,
  toolNamesForPolicy,
} from './assistant-policy.ts';
import {
  type AssistantToolOutcome,
  executeAssistantTool,
  summaryOf,
  toolDefinitionsFor,
  truncateStrings,
} from './assistant-tools.ts';
import { buildSystemPrompt } from './system-prompt.ts';

/** The `purpose` of the assistant's model calls (llm_calls, offline responder). */
export const ASSISTANT_PURPOSE = 'assistant.chat';

/** Receives the events of a streamed answer. */
export type AssistantEmit = (event: AssistantStreamEvent) => void;

/** What `createAssistantService` needs. */
export interface AssistantServiceOptions {
  db: Database;
  llm: LlmClient;
  workspace: AssistantWorkspace;
  /** Overrides of `defaultAssistantLimits`. */
  limits?: Partial<AssistantLimits>;
  now?: () => Date;
  /** Where unexpected failures are logged; silent when absent. */
  logger?: Logger;
}

/** The assistant's use cases. */
export interface AssistantService {
  /**
   * Answers one candidate message, streaming events to `emit`. Throws (before anything is emitted)
   * FORBIDDEN when the policy has no assistant, VALIDATION_FAILED for an empty or long message,
   * CONFLICT while the session's previous message is being answered, RATE_LIMITED when a limit is
   * used up. Once the model is called nothing is thrown: failures end the stream with an `error` event.
   */
  chat(
    context: AssistantSessionContext,
    message: string,
    emit: AssistantEmit,
    signal?: AbortSignal,
  ): Promise<void>;
  /** The current question's conversation and what is left of the limits (for a reload). */
  conversation(context: AssistantSessionContext): Promise<AssistantConversation>;
  /** The limits in force. */
  readonly limits: Readonly<AssistantLimits>;
}

/** What the offline provider answers for the assistant: plainly, that no model is configured. */
export function offlineAssistantAnswer(_request: LlmRequest): OfflineReply {
  return {
    text:
      'No AI model is configured on this server, so the assistant cannot answer your questions. ' +
      'Everything else in the workspace keeps working: edit your files, run the visible tests and use ' +
      'the terminal as usual.',
  };
}

const INTERRUPTED_TOOL_RESULT = 'The tool was not run: the answer was interrupted';

/** Tool inputs go to the provider as JSON objects; a model's unparseable input is sent back as an empty one. */
function toolInputForHistory(input: unknown): unknown {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {};
}

/** Appends blocks as a message of `role`, merged into the last message when it has the same role. */
function appendBlocks(messages: LlmMessage[], role: LlmMessage['role'], blocks: LlmContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
  else messages.push({ role, content: [...blocks] });
}

/**
 * The stored conversation as model messages. Messages of the same role in a row are merged (a
 * turn that failed before the model answered leaves two user messages), empty assistant messages
 * are skipped, and a tool call stored without output (an interrupted turn) gets an error result,
 * so the history is always a valid alternation for the provider.
 */
function historyOf(rows: AiInteraction[]): LlmMessage[] {
  const messages: LlmMessage[] = [];
  const push = (role: LlmMessage['role'], blocks: LlmContentBlock[]) => appendBlocks(messages, role, blocks);
  for (const row of rows) {
    if (row.role === 'user') {
      push('user', [{ type: 'text', text: row.content }]);
      continue;
    }
    if (row.role !== 'assistant') continue;
    const calls = row.toolCalls ?? [];
    const blocks: LlmContentBlock[] = [];
    if (row.content.trim() !== '') blocks.push({ type: 'text', text: row.content });
    for (const call of calls) {
      blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInputForHistory(call.input) });
    }
    push('assistant', blocks);
    push(
      'user',
      calls.map((call) => ({
        type: 'tool_result' as const,
        toolUseId: call.id,
        content: typeof call.output === 'string' ? call.output : INTERRUPTED_TOOL_RESULT,
        isError: typeof call.output === 'string' ? call.isError === true : true,
      })),
    );
  }
  return messages;
}

function toJson(value: unknown): JsonValue {
  try {
    return (JSON.parse(JSON.stringify(value ?? null)) ?? null) as JsonValue;
  } catch {
    return String(value);
  }
}

function roundUsd(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

/** The message and code an `error` event carries: AppError messages are safe, anything else is not. */
function safeFailure(error: unknown): { message: string; code: string; expected: boolean } {
  if (error instanceof AppError) return { message: error.message, code: error.code, expected: true };
  // A provider used without the LLM client: its `message` is written for clients, `detail` is not.
  if (error instanceof LlmProviderError) {
    return {
      message: error.message,
      code: error.kind === 'rate_limited' ? 'RATE_LIMITED' : 'UNAVAILABLE',
      expected: true,
    };
  }
  return {
    message: 'The assistant failed unexpectedly. It has been logged; try again shortly.',
    code: 'INTERNAL',
    expected: false,
  };
}

/** Why a turn ended early, and what the candidate is told. */
type TurnStop =
  | { kind: 'tool_limit'; text: string }
  | { kind: 'step_limit'; text: string }
  | { kind: 'token_limit'; text: string };

/** Creates the assistant service. */
export function createAssistantService(options: AssistantServiceOptions): AssistantService {
  const { db, llm, workspace } = options;
  const limits = resolveAssistantLimits(options.limits);
  const now = options.now ?? (() => new Date());
  const log = (options.logger ?? createLogger({ level: 'silent' })).child({ component: 'assistant' });

  // One turn at a time per session, kept in this process: a candidate has one browser tab talking to
  // one API process in practice. Across processes the unique (session, question, turn_index) index
  // refuses the second writer, which then reports the same CONFLICT.
  const answering = new Set<string>();

  async function chat(
    context: AssistantSessionContext,
    message: string,
    emit: AssistantEmit,
    signal?: AbortSignal,
  ): Promise<void> {
    assertAssistantEnabled(context.aiPolicy);
    const text = checkCandidateMessage(message, limits.maxMessageChars);
    const { sessionId } = context;
    if (answering.has(sessionId)) {
      throw new ConflictError('The assistant is still answering your previous message');
    }
    answering.add(sessionId);
    try {
      const key = { sessionId, questionId: context.questionId };
      const [rows, tokensUsed] = await Promise.all([
        listConversation(db, key),
        sessionTokensUsed(db, sessionId),
      ]);
      const messagesUsed = rows.filter((row) => row.role === 'user').length;
      if (messagesUsed >= limits.messagesPerQuestion) {
        throw new AppError(
          'RATE_LIMITED',
          `You have used the ${limits.messagesPerQuestion} AI messages allowed for this question`,
        );
      }
      if (tokensUsed >= limits.tokensPerSession) {
        throw new AppError(
          'RATE_LIMITED',
          `This interview has used its AI allowance of ${limits.tokensPerSession} tokens; the rest of the workspace keeps working`,
        );
      }
      const history = historyOf(rows);
      const lastIndex = rows.at(-1)?.turnIndex;
      const turnIndex = lastIndex === undefined ? 0 : lastIndex + 1;
      const userRowId = await insertInteraction(db, {
        organizationId: context.organizationId,
        sessionId,
        questionId: context.questionId,
        turnIndex,
        role: 'user',
        content: text,
        createdAt: now(),
      });
      let userSeq: number | undefined;
      try {
        [userSeq] = await workspace.recordEvents(sessionId, [
          {
            type: 'ai.message',
            questionId: context.questionId,
            data: { role: 'user', text, turnIndex },
            origin: 'candidate',
          },
        ]);
      } catch (error) {
        // The timeline refused the message (the session ended, say): the conversation must not keep it.
        await deleteInteraction(db, userRowId);
        throw error;
      }
      if (userSeq !== undefined) await setInteractionEventSeq(db, userRowId, userSeq);

      await answer({ context, history, text, turnIndex, tokensUsed, emit, signal });
    } finally {
      answering.delete(sessionId);
    }
  }

  /** The streamed part of a turn: never throws, failures become an `error` event. */
  async function answer(turn: {
    context: AssistantSessionContext;
    history: LlmMessage[];
    text: string;
    turnIndex: number;
    tokensUsed: number;
    emit: AssistantEmit;
    signal: AbortSignal | undefined;
  }): Promise<void> {
    const { context, signal } = turn;
    const { sessionId, questionId } = context;
    const send = (event: AssistantStreamEvent) => {
      try {
        turn.emit(event);
      } catch (error) {
        // A listener that went away must not stop the turn from being stored.
        log.debug({ err: error, sessionId }, 'a stream listener failed');
      }
    };
    const allowed = toolNamesForPolicy(context.aiPolicy);
    const tools = toolDefinitionsFor(allowed);
    const system = buildSystemPrompt(context);
    const messages: LlmMessage[] = [...turn.history];
    appendBlocks(messages, 'user', [{ type: 'text', text: turn.text }]);
    const started = performance.now();
    const totals = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    let nextIndex = turn.turnIndex + 1;
    let lastAssistantRowId: string | undefined;
    let lastAssistantIndex: number | undefined;
    let answerText = '';
    let model: string | undefined;
    let provider: string | undefined;
    let stopReason = 'end_turn';
    let toolCallsUsed = 0;
    let tokensUsed = turn.tokensUsed;

    const storeAssistant = async (row: {
      content: string;
      toolCalls?: AiToolCall[];
      response?: LlmResponse;
      stopReason: string;
    }) => {
      const index = nextIndex;
      nextIndex += 1;
      lastAssistantIndex = index;
      lastAssistantRowId = await insertInteraction(db, {
        organizationId: context.organizationId,
        sessionId,
        questionId,
        turnIndex: index,
        role: 'assistant',
        content: row.content,
        toolCalls: row.toolCalls && row.toolCalls.length > 0 ? row.toolCalls : undefined,
        inputTokens: row.response?.usage.inputTokens ?? 0,
        outputTokens: row.response?.usage.outputTokens ?? 0,
        latencyMs: row.response?.latencyMs,
        costUsd: row.response?.costUsd ?? 0,
        provider: row.response?.provider,
        model: row.response?.model,
        stopReason: row.stopReason,
        createdAt: now(),
      });
    };

    const runTool = async (call: LlmToolCall, refusal: string | undefined): Promise<AiToolCall> => {
      const toolStarted = performance.now();
      const outcome: AssistantToolOutcome =
        refusal !== undefined
          ? { ok: false, content: refusal, summary: summaryOf(refusal) }
          : await executeAssistantTool(call, {
              workspace,
              sessionId,
              allowed,
              maxResultChars: limits.maxToolResultChars,
              onUnexpectedError: (error) =>
                log.error({ err: error, sessionId, tool: call.name }, 'an assistant tool failed'),
            });
      const durationMs = Math.round(performance.now() - toolStarted);
      const [eventSeq] = await workspace.recordEvents(sessionId, [
        {
          type: 'ai.tool_call',
          questionId,
          data: {
            toolUseId: call.id,
            name: call.name,
            input: truncateStrings(call.input),
            ok: outcome.ok,
            durationMs,
            resultSummary: outcome.summary,
            ...(outcome.fileEventSeq !== undefined ? { fileEventSeq: outcome.fileEventSeq } : {}),
          },
          origin: 'assistant',
        },
      ]);
      send({ type: 'tool_result', id: call.id, name: call.name, ok: outcome.ok, summary: outcome.summary });
      return {
        id: call.id,
        name: call.name,
        input: toJson(call.input),
        output: outcome.content,
        isError: !outcome.ok,
        durationMs,
        ...(eventSeq !== undefined ? { eventSeq } : {}),
      };
    };

    let failure: { message: string; code: string } | undefined;
    let cancelled = false;
    try {
      for (let step = 1; ; step += 1) {
        let text = '';
        const calls: LlmToolCall[] = [];
        let response: LlmResponse | undefined;
        try {
          const request: LlmRequest = {
            purpose: ASSISTANT_PURPOSE,
            organizationId: context.organizationId,
            sessionId,
            system,
            messages,
            maxTokens: limits.maxOutputTokens,
            ...(tools.length > 0 ? { tools } : {}),
          };
          for await (const event of llm.stream(request, signal)) {
            if (event.type === 'text') {
              text += event.text;
              send({ type: 'content', text: event.text });
            } else if (event.type === 'tool_use') {
              calls.push({ id: event.id, name: event.name, input: event.input });
              send({ type: 'tool_use', id: event.id, name: event.name, input: truncateStrings(event.input) });
            } else {
              response = event.response;
            }
          }
        } catch (error) {
          cancelled = signal?.aborted === true;
          stopReason = cancelled ? 'cancelled' : 'error';
          // What the model said before it failed is part of the conversation the candidate saw.
          if (text !== '' || calls.length > 0) {
            answerText += text;
            await storeAssistant({
              content: text,
              toolCalls: calls.map((call) => ({ id: call.id, name: call.name, input: toJson(call.input) })),
              stopReason,
            });
          }
          if (!cancelled) {
            const safe = safeFailure(error);
            if (!safe.expected) log.error({ err: error, sessionId }, 'the assistant failed');
            failure = { message: safe.message, code: safe.code };
          }
          break;
        }
        if (!response) throw new Error('the model stream ended without a response');

        answerText += text;
        model = response.model;
        provider = response.provider;
        stopReason = response.stopReason;
        totals.inputTokens += response.usage.inputTokens;
        totals.outputTokens += response.usage.outputTokens;
        totals.costUsd += response.costUsd;
        tokensUsed = await addSessionTokens(
          db,
          sessionId,
          response.usage.inputTokens + response.usage.outputTokens,
        );

        if (calls.length === 0) {
          await storeAssistant({ content: text, response, stopReason: response.stopReason });
          break;
        }

        // Run the tools in order; beyond the per-turn limit the model gets a refusal instead.
        const toolCalls: AiToolCall[] = [];
        let refused = false;
        for (const call of calls) {
          if (signal?.aborted) {
            toolCalls.push({ id: call.id, name: call.name, input: toJson(call.input) });
            continue;
          }
          let refusal: string | undefined;
          if (toolCallsUsed >= limits.toolCallsPerTurn) {
            refused = true;
            refusal = `Tool call limit reached: at most ${limits.toolCallsPerTurn} tool calls per message. This call was not run; do not call more tools and answer with what you have.`;
          } else {
            toolCallsUsed += 1;
          }
          toolCalls.push(await runTool(call, refusal));
        }
        await storeAssistant({ content: text, toolCalls, response, stopReason: response.stopReason });
        if (signal?.aborted) {
          cancelled = true;
          stopReason = 'cancelled';
          break;
        }
        messages.push({
          role: 'assistant',
          content: [
            ...(text.trim() !== '' ? [{ type: 'text' as const, text }] : []),
            ...calls.map((call) => ({
              type: 'tool_use' as const,
              id: call.id,
              name: call.name,
              input: toolInputForHistory(call.input),
            })),
          ],
        });
        messages.push({
          role: 'user',
          content: toolCalls.map((call) => ({
            type: 'tool_result' as const,
            toolUseId: call.id,
            content: typeof call.output === 'string' ? call.output : INTERRUPTED_TOOL_RESULT,
            isError: call.isError === true,
          })),
        });

        // Another model call would be needed to go on; stop first when a limit says so. The
        // candidate can continue with another message (each message gets fresh per-turn limits).
        let stop: TurnStop | undefined;
        if (refused) {
          stop = {
            kind: 'tool_limit',
            text: `I stopped here: I reached the limit of ${limits.toolCallsPerTurn} tool calls for one message. Send another message if you want me to continue.`,
          };
        } else if (step >= limits.modelCallsPerTurn) {
          stop = {
            kind: 'step_limit',
            text: `I stopped here: I reached the limit of ${limits.modelCallsPerTurn} steps for one message. Send another message if you want me to continue.`,
          };
        } else if (tokensUsed >= limits.tokensPerSession) {
          stop = {
            kind: 'token_limit',
            text: 'I stopped here: this interview has used its AI token allowance. The rest of the workspace keeps working.',
          };
        }
        if (stop) {
          const final = answerText === '' ? stop.text : `\n\n${stop.text}`;
          send({ type: 'content', text: final });
          answerText += final;
          stopReason = stop.kind;
          await storeAssistant({ content: stop.text, stopReason: stop.kind });
          break;
        }
      }
    } catch (error) {
      // Storage or recording failed in the middle of the turn: the candidate gets a safe message.
      const safe = safeFailure(error);
      if (!safe.expected) log.error({ err: error, sessionId }, 'the assistant turn failed');
      failure = { message: safe.message, code: safe.code };
      stopReason = 'error';
    }

    const latencyMs = Math.round(performance.now() - started);
    try {
      if (lastAssistantRowId !== undefined) {
        const [seq] = await workspace.recordEvents(sessionId, [
          {
            type: 'ai.message',
            questionId,
            data: {
              role: 'assistant',
              text: answerText,
              turnIndex: lastAssistantIndex ?? turn.turnIndex,
              tokens: totals.inputTokens + totals.outputTokens,
              inputTokens: totals.inputTokens,
              outputTokens: totals.outputTokens,
              latencyMs,
              costUsd: roundUsd(totals.costUsd),
              model: model ?? null,
              provider: provider ?? null,
              stopReason,
              toolCalls: toolCallsUsed,
            },
            origin: 'assistant',
          },
        ]);
        if (seq !== undefined) await setInteractionEventSeq(db, lastAssistantRowId, seq);
      }
    } catch (error) {
      const safe = safeFailure(error);
      if (!safe.expected) log.error({ err: error, sessionId }, 'could not record the assistant answer');
      failure ??= { message: safe.message, code: safe.code };
    }

    if (cancelled) return;
    if (totals.inputTokens + totals.outputTokens > 0) {
      send({
        type: 'usage',
        inputTokens: totals.inputTokens,
        outputTokens: totals.outputTokens,
        costUsd: roundUsd(totals.costUsd),
      });
    }
    if (failure) send({ type: 'error', message: failure.message, code: failure.code });
    else send({ type: 'done', turnIndex: turn.turnIndex });
  }

  async function conversation(context: AssistantSessionContext): Promise<AssistantConversation> {
    assertAssistantEnabled(context.aiPolicy);
    const key = { sessionId: context.sessionId, questionId: context.questionId };
    const [rows, tokensUsed] = await Promise.all([
      listConversation(db, key),
      sessionTokensUsed(db, context.sessionId),
    ]);
    const messagesUsed = rows.filter((row) => row.role === 'user').length;
    const messages: ConversationMessage[] = [];
    for (const row of rows) {
      if (row.role !== 'user' && row.role !== 'assistant') continue;
      const calls = row.toolCalls ?? [];
      messages.push({
        role: row.role,
        text: row.content,
        turnIndex: row.turnIndex,
        ...(calls.length > 0
          ? {
              toolCalls: calls.map((call) => ({
                id: call.id,
                name: call.name,
                input: truncateStrings(call.input),
                ok: typeof call.output === 'string' && call.isError !== true,
                summary: typeof call.output === 'string' ? summaryOf(call.output) : INTERRUPTED_TOOL_RESULT,
              })),
            }
          : {}),
        createdAt: row.createdAt.toISOString(),
      });
    }
    return {
      messages,
      limits: {
        messagesPerQuestion: limits.messagesPerQuestion,
        messagesUsed,
        messagesRemaining: Math.max(0, limits.messagesPerQuestion - messagesUsed),
        tokensPerSession: limits.tokensPerSession,
        tokensUsed,
        tokensRemaining: Math.max(0, limits.tokensPerSession - tokensUsed),
        toolCallsPerTurn: limits.toolCallsPerTurn,
        maxMessageChars: limits.maxMessageChars,
      },
      answering: answering.has(context.sessionId),
    };
  }

  return { chat, conversation, limits };
}
