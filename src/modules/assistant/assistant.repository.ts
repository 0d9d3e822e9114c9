/**
 * The assistant's rows: `ai_interactions` (one row per message of a question's conversation,
 * ordered by turn_index) and the session's running token count `interview_sessions.ai_tokens_used`.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { type AiInteraction, aiInteractions, interviewSessions } from '../../platform/db/schema/index.ts';
import type { AiToolCall } from '../../platform/db/schema/types.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';

/** Which conversation: one per session and question. */
export interface ConversationKey {
  sessionId: string;
  questionId: string;
}

/** A message to store. */
export interface NewInteraction {
  organizationId: string;
  sessionId: string;
  questionId: string;
  turnIndex: number;
  role: 'user' | 'assistant';
  content: string;
  toolCalls?: AiToolCall[] | undefined;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number | undefined;
  costUsd?: number;
  provider?: string | undefined;
  model?: string | undefined;
  stopReason?: string | undefined;
  eventSeq?: number | undefined;
  createdAt?: Date;
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string } | undefined)?.code;
  return code === '23505';
}

/** The messages of one conversation in order. */
export async function listConversation(db: Database, key: ConversationKey): Promise<AiInteraction[]> {
  return db
    .select()
    .from(aiInteractions)
    .where(and(eq(aiInteractions.sessionId, key.sessionId), eq(aiInteractions.questionId, key.questionId)))
    .orderBy(asc(aiInteractions.turnIndex));
}

/**
 * Stores one message; resolves with its id. A taken turn index means another turn of the same
 * conversation is being written (by another process): CONFLICT.
 */
export async function insertInteraction(db: Database, row: NewInteraction): Promise<string> {
  try {
    const [inserted] = await db
      .insert(aiInteractions)
      .values({
        organizationId: row.organizationId,
        sessionId: row.sessionId,
        questionId: row.questionId,
        turnIndex: row.turnIndex,
        role: row.role,
        content: row.content,
        toolCalls: row.toolCalls ?? null,
        inputTokens: row.inputTokens ?? 0,
        outputTokens: row.outputTokens ?? 0,
        latencyMs: row.latencyMs === undefined ? null : Math.max(0, Math.round(row.latencyMs)),
        costUsd: row.costUsd ?? 0,
        provider: row.provider ?? null,
        model: row.model ?? null,
        stopReason: row.stopReason ?? null,
        eventSeq: row.eventSeq ?? null,
        ...(row.createdAt ? { createdAt: row.createdAt } : {}),
      })
      .returning({ id: aiInteractions.id });
    if (!inserted) throw new Error('the AI interaction was not inserted');
    return inserted.id;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('The assistant is still answering your previous message', { cause: error });
    }
    throw error;
  }
}

/** Links a stored message to its session event. */
export async function setInteractionEventSeq(db: Database, id: string, eventSeq: number): Promise<void> {
  await db.update(aiInteractions).set({ eventSeq }).where(eq(aiInteractions.id, id));
}

/** Removes a stored message (a message whose recording on the timeline failed is taken back). */
export async function deleteInteraction(db: Database, id: string): Promise<void> {
  await db.delete(aiInteractions).where(eq(aiInteractions.id, id));
}

/** Tokens the session's assistant has used so far; NOT_FOUND for an unknown session. */
export async function sessionTokensUsed(db: Database, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ used: interviewSessions.aiTokensUsed })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  if (!row) throw new NotFoundError('The interview session');
  return row.used;
}

/** Adds `tokens` to the session's count in one statement (concurrent turns cannot lose an update); resolves with the new total. */
export async function addSessionTokens(db: Database, sessionId: string, tokens: number): Promise<number> {
  const [row] = await db
    .update(interviewSessions)
    .set({ aiTokensUsed: sql`${interviewSessions.aiTokensUsed} + ${Math.max(0, Math.round(tokens))}` })
    .where(eq(interviewSessions.id, sessionId))
    .returning({ used: interviewSessions.aiTokensUsed });
  if (!row) throw new NotFoundError('The interview session');
  return row.used;
}
