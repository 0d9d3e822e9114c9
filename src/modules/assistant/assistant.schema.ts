/**
 * The assistant's HTTP contracts (zod) and the events of a streamed answer. The browser imports
 * these types to read the chat stream and the conversation.
 */
import { z } from 'zod';

/** Longest message a candidate can send, in characters. */
export const MAX_CHAT_MESSAGE_CHARS = 8_000;

/** Path parameters: the interview session. */
export const ChatParamsSchema = z.object({ id: z.uuid('must be a UUID') });

/** Body of `POST /api/interview/:id/chat`. */
export const ChatBodySchema = z.object({
  message: z
    .string()
    .trim()
    .min(1, 'is empty; write a message for the assistant')
    .max(MAX_CHAT_MESSAGE_CHARS, `is longer than ${MAX_CHAT_MESSAGE_CHARS} characters`),
});
export type ChatBody = z.infer<typeof ChatBodySchema>;

/**
 * One event of a streamed answer, sent over SSE as `event: <type>` with the whole object as data:
 * `content` text as it arrives, each `tool_use` the model makes and its `tool_result`, the turn's
 * `usage`, then `done` (with the turn index of the candidate's message); `error` ends a failed turn.
 */
export type AssistantStreamEvent =
  | { type: 'content'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; id: string; name: string; ok: boolean; summary: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number; costUsd: number }
  | { type: 'done'; turnIndex: number }
  | { type: 'error'; message: string; code: string };

/** A tool call as the conversation shows it. */
export const ConversationToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  ok: z.boolean(),
  summary: z.string(),
});

/** One message of the conversation, for a reload. */
export const ConversationMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  turnIndex: z.number().int(),
  toolCalls: z.array(ConversationToolCallSchema).optional(),
  createdAt: z.string(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

/** What is left of the assistant's limits for the current question and session. */
export const AssistantUsageLimitsSchema = z.object({
  messagesPerQuestion: z.number().int(),
  messagesUsed: z.number().int(),
  messagesRemaining: z.number().int(),
  tokensPerSession: z.number().int(),
  tokensUsed: z.number().int(),
  tokensRemaining: z.number().int(),
  toolCallsPerTurn: z.number().int(),
  maxMessageChars: z.number().int(),
});
export type AssistantUsageLimits = z.infer<typeof AssistantUsageLimitsSchema>;

/** The current question's conversation and the remaining limits. */
export const AssistantConversationSchema = z.object({
  messages: z.array(ConversationMessageSchema),
  limits: AssistantUsageLimitsSchema,
  /** True while an answer is being produced (a reload during a turn). */
  answering: z.boolean(),
});
export type AssistantConversation = z.infer<typeof AssistantConversationSchema>;

/** Response of `GET /api/interview/:id/chat`. */
export const ConversationResponseSchema = AssistantConversationSchema.extend({ success: z.literal(true) });
