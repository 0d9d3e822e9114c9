/** Chooses the LLM provider the settings ask for; the composition root calls this once. */
import type { Logger } from '../logger.ts';
import { createAnthropicProvider } from './anthropic.driver.ts';
import { createOfflineProvider } from './offline.driver.ts';
import { createOpenAiProvider } from './openai.driver.ts';
import type { LlmProvider, LlmSettings } from './types.ts';

/**
 * Creates the configured provider: Anthropic, an OpenAI-compatible server, or the offline one.
 * Configuration validation guarantees the credentials a hosted provider needs; a missing Anthropic
 * key here is a programming error and throws.
 */
export function createLlmProvider(settings: LlmSettings, logger: Logger): LlmProvider {
  const common = {
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    prices: settings.prices,
    logger,
  };
  switch (settings.provider) {
    case 'anthropic': {
      const { apiKey, baseUrl, model } = settings.anthropic;
      if (!apiKey) throw new Error('LLM provider anthropic needs ANTHROPIC_API_KEY');
      return createAnthropicProvider({ ...common, apiKey, baseUrl, model });
    }
    case 'openai': {
      const { apiKey, baseUrl, model } = settings.openai;
      return createOpenAiProvider({ ...common, apiKey, baseUrl, model });
    }
    case 'offline':
      return createOfflineProvider();
  }
}
