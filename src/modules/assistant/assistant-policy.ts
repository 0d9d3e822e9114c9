/**
 * What the assistant may do under each AI policy of an assessment, and the limits of one
 * conversation. Pure.
 */
import { AppError, ValidationError } from '../../platform/errors.ts';
import type { AiPolicy } from './assistant.ports.ts';

/** Names of every tool the assistant can be given. */
export type AssistantToolName =
  | 'list_files'
  | 'read_file'
  | 'write_file'
  | 'edit_file'
  | 'run_tests'
  | 'run_command';

/** Tools that only look: a consultant gets these and nothing that changes a file. */
const readOnlyTools: readonly AssistantToolName[] = ['list_files', 'read_file', 'run_tests', 'run_command'];
const writingTools: readonly AssistantToolName[] = [...readOnlyTools, 'write_file', 'edit_file'];

/** The policy an assessment gets when it names none. */
export const defaultAiPolicy: AiPolicy = 'pair_programming';

/** The message the candidate sees when the assessment has no assistant. */
export const assistantOffMessage = 'The AI assistant is turned off for this assessment';

/** Limits of the assistant; every one of them can be overridden through `createAssistantService`. */
export interface AssistantLimits {
  /** Candidate messages per question (the conversation restarts with each question). */
  messagesPerQuestion: number;
  /** Input + output tokens of the whole interview session (interview_sessions.ai_tokens_used). */
  tokensPerSession: number;
  /** Tool calls the model may make while answering one message. */
  toolCallsPerTurn: number;
  /** Model calls while answering one message (each tool round trip is one). */
  modelCallsPerTurn: number;
  /** Longest candidate message, in characters. */
  maxMessageChars: number;
  /** Largest answer of one model call, in tokens (room for a whole file written by a tool). */
  maxOutputTokens: number;
  /** Longest tool result sent back to the model, in characters (file contents, command output). */
  maxToolResultChars: number;
}

/** The defaults: generous for a real interview, small enough to bound the cost of one candidate. */
export const defaultAssistantLimits: Readonly<AssistantLimits> = Object.freeze({
  messagesPerQuestion: 30,
  tokensPerSession: 200_000,
  toolCallsPerTurn: 8,
  modelCallsPerTurn: 10,
  maxMessageChars: 8_000,
  maxOutputTokens: 4_096,
  maxToolResultChars: 20_000,
});

/** The defaults with `overrides` applied; throws when an override is not a positive integer. */
export function resolveAssistantLimits(overrides: Partial<AssistantLimits> = {}): AssistantLimits {
  const limits: AssistantLimits = { ...defaultAssistantLimits };
  for (const [key, value] of Object.entries(overrides) as [keyof AssistantLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`assistant limit ${key} must be a positive integer, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/** Whether the policy gives the candidate an assistant at all. */
export function isAssistantEnabled(policy: AiPolicy): boolean {
  return policy !== 'off';
}

/** Throws FORBIDDEN when the policy has no assistant. */
export function assertAssistantEnabled(policy: AiPolicy): void {
  if (!isAssistantEnabled(policy)) throw new AppError('FORBIDDEN', assistantOffMessage);
}

/** The tools of a policy, in a stable order; empty for `off`. */
export function toolNamesForPolicy(policy: AiPolicy): readonly AssistantToolName[] {
  switch (policy) {
    case 'off':
      return [];
    case 'consultant':
      return readOnlyTools;
    case 'pair_programming':
    case 'full_copilot':
      return writingTools;
  }
}

/** The candidate's message, trimmed; throws VALIDATION_FAILED when it is empty or too long. */
export function checkCandidateMessage(message: string, maxChars: number): string {
  const text = message.trim();
  if (text.length === 0) {
    throw new ValidationError('Write a message for the assistant', [
      { path: 'message', message: 'is empty' },
    ]);
  }
  if (text.length > maxChars) {
    throw new ValidationError(`Messages to the assistant are limited to ${maxChars} characters`, [
      { path: 'message', message: `is longer than ${maxChars} characters` },
    ]);
  }
  return text;
}
