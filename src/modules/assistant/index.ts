/** The AI assistant beside the candidate: policy, tools, conversation storage, streaming chat routes. */

export type { AiPolicy, AssistantSessionContext, AssistantWorkspace } from './assistant.ports.ts';
export { type AssistantRouteOptions, formatSseFrame, registerAssistantRoutes } from './assistant.routes.ts';
export {
  type AssistantConversation,
  type AssistantStreamEvent,
  type AssistantUsageLimits,
  ChatBodySchema,
  type ConversationMessage,
  MAX_CHAT_MESSAGE_CHARS,
} from './assistant.schema.ts';
export {
  ASSISTANT_PURPOSE,
  type AssistantEmit,
  type AssistantService,
  type AssistantServiceOptions,
  createAssistantService,
  offlineAssistantAnswer,
} from './assistant.service.ts';
export {
  type AssistantLimits,
  type AssistantToolName,
  assistantOffMessage,
  defaultAiPolicy,
  defaultAssistantLimits,
  isAssistantEnabled,
  resolveAssistantLimits,
  toolNamesForPolicy,
} from './assistant-policy.ts';
export {
  type AssistantToolCall,
  type AssistantToolDefinition,
  type AssistantToolOutcome,
  assistantToolDefinitions,
  executeAssistantTool,
} from './assistant-tools.ts';
export { buildSystemPrompt } from './system-prompt.ts';
