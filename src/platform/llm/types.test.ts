import { describe, expect, it } from 'vitest';
import {
  costOf,
  createCostMeter,
  estimateTokens,
  findModelPrice,
  PriceTableSchema,
  priceTable,
  requestText,
} from './types.ts';

describe('costOf', () => {
  it('prices input and output tokens per million at the model list price', () => {
    // Sonnet 5.5: $2 in, $10 out per million tokens.
    expect(costOf('claude-sonnet-5-5', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(12);
    expect(costOf('claude-sonnet-5-5', { inputTokens: 1_000, outputTokens: 500 })).toBe(0.007);
    expect(costOf('gpt-5.6-terra', { inputTokens: 2_000, outputTokens: 1_000 })).toBe(0.02);
  });

  it('prices a dated snapshot like its alias', () => {
    const usage = { inputTokens: 10_000, outputTokens: 2_000 };
    expect(costOf('claude-haiku-4-5-20251001', usage)).toBe(costOf('claude-haiku-4-5', usage));
    expect(costOf('gpt-4.1-2025-04-14', usage)).toBe(costOf('gpt-4.1', usage));
    expect(costOf('claude-haiku-4-5', usage)).toBeGreaterThan(0);
  });

  it('switches to the long-context rate when the prompt is over the threshold', () => {
    // Haiku 5.5: $0.10 / $0.50 up to 100k prompt tokens, $0.50 / $2.50 above.
    expect(costOf('claude-haiku-5-5', { inputTokens: 100_000, outputTokens: 10_000 })).toBe(0.015);
    expect(costOf('claude-haiku-5-5', { inputTokens: 200_000, outputTokens: 10_000 })).toBe(0.125);
  });

  it('costs nothing for an unknown model, and says it does not know it', () => {
    expect(costOf('my-local-llama', { inputTokens: 5_000, outputTokens: 5_000 })).toBe(0);
    expect(findModelPrice('my-local-llama')).toBeUndefined();
  });

  it('uses an override table, for models the default does not know', () => {
    const table = {
      ...priceTable,
      ...PriceTableSchema.parse({ 'my-local-llama': { inputPerMTok: 1, outputPerMTok: 3 } }),
    };
    expect(costOf('my-local-llama', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, table)).toBe(4);
  });

  it('rejects price overrides that could not be prices', () => {
    expect(PriceTableSchema.safeParse({ m: { inputPerMTok: -1, outputPerMTok: 1 } }).success).toBe(false);
    expect(PriceTableSchema.safeParse({ m: { inputPerMTok: 1 } }).success).toBe(false);
    expect(
      PriceTableSchema.safeParse({ m: { inputPerMTok: 1, outputPerMTok: 1, currency: 'EUR' } }).success,
    ).toBe(false);
  });

  it('every built-in price is a valid price', () => {
    expect(PriceTableSchema.safeParse(priceTable).success).toBe(true);
  });
});

describe('createCostMeter', () => {
  it('reports each unknown model once, however often it is used', () => {
    const unknown: string[] = [];
    const meter = createCostMeter(priceTable, (model) => unknown.push(model));
    meter('mystery-1', { inputTokens: 1, outputTokens: 1 });
    meter('mystery-1', { inputTokens: 1, outputTokens: 1 });
    meter('mystery-2', { inputTokens: 1, outputTokens: 1 });
    expect(meter('claude-opus-5-5', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(4);
    expect(unknown).toEqual(['mystery-1', 'mystery-2']);
  });
});

describe('token estimates', () => {
  it('counts about four characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('reads the system prompt, text, tool calls and tool results of a request', () => {
    const text = requestText({
      system: 'SYS',
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'run', input: { a: 1 } }] },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: 'RESULT' }] },
      ],
    });
    expect(text).toContain('SYS');
    expect(text).toContain('hello');
    expect(text).toContain('{"a":1}');
    expect(text).toContain('RESULT');
  });
});
