/**
 * The question cache (seed P2.1):
 *   (a) a cache hit — `QuestionCache.pick`: LRANGE of the key, parse, the unseen filter, the random
 *       pick and the hit counter — against a raw Redis GET of a value of the same size, interleaved,
 *       on the same Redis in the same run; target p50 ratio ≤ 3×;
 *   (b) a cost simulation of 1,000 assessments with and without the cache, with the cache's rules
 *       (key per difficulty/language/topics, ≤ 10 per key, 7-day TTL, never a question the
 *       candidate has seen) on a simulated clock, tokens measured on the real prompt and real
 *       question JSON, dollars from the price table.
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379); keys under a unique prefix, deleted at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { generationPrompt, generationSystemPrompt } from '../src/modules/questions/generation.ts';
import { createQuestionCache, loadBank } from '../src/modules/questions/index.ts';
import { offlineQuestion } from '../src/modules/questions/offline-questions.ts';
import { costOf, estimateTokens } from '../src/platform/llm/types.ts';
import type { Benchmark, BenchmarkReport } from './run.ts';
import { unlinkKeys } from './scratch-services.ts';
import { summarizeLatencies } from './stats.ts';

const SAMPLES = 3_000;
const TARGET_RATIO = 3;
/** Simulation parameters: what a busy month of hiring looks like. */
const simulation = {
  assessments: 1_000,
  candidatesPerAssessment: 5,
  questionsPerPlan: 3,
  days: 30,
  topicSets: 15,
  /** Model answers per generated question on average (rejections are retried with feedback). */
  attemptsPerQuestion: 1.3,
  model: 'claude-sonnet-4-6',
};

/** A deterministic pseudo-random generator, so the simulation prints the same figures every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Tokens of one generation attempt, measured on the real prompt and a real question's JSON. */
function tokensPerAttempt(): { input: number; output: number } {
  const bank = loadBank();
  const samples = (['easy', 'medium', 'hard'] as const).flatMap((difficulty) =>
    (['python', 'javascript', 'typescript'] as const).map((language) => {
      const brief = { difficulty, language, topics: ['arrays'], variant: 0 };
      const prompt = generationPrompt(brief);
      const answer = offlineQuestion(bank, [prompt]);
      return {
        input: estimateTokens(`${generationSystemPrompt}\n${prompt}`),
        output: estimateTokens(JSON.stringify(answer)),
      };
    }),
  );
  const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);
  return { input: mean(samples.map((s) => s.input)), output: mean(samples.map((s) => s.output)) };
}

/** Questions generated over the simulated month, with and without the cache. */
function simulate(): { withCache: number; withoutCache: number; hits: number; lookups: number } {
  const random = seededRandom(42);
  const ttlMs = 7 * 86_400_000;
  const cache = new Map<string, { expiresAt: number; questions: string[] }>();
  let generated = 0;
  let hits = 0;
  let lookups = 0;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const starts = Array.from(
    { length: simulation.assessments },
    () => random() * simulation.days * 86_400_000,
  ).sort((a, b) => a - b);
  for (const start of starts) {
    const plan = Array.from({ length: simulation.questionsPerPlan }, () => ({
      key: `${pick(['easy', 'medium', 'hard'])}:${pick(['python', 'javascript', 'typescript'])}:${Math.floor(random() * simulation.topicSets)}`,
    }));
    for (let candidate = 0; candidate < simulation.candidatesPerAssessment; candidate += 1) {
      const now = start + candidate * 86_400_000 * random();
      const seen = new Set<string>();
      for (const slot of plan) {
        lookups += 1;
        let entry = cache.get(slot.key);
        if (entry && entry.expiresAt <= now) {
          cache.delete(slot.key);
          entry = undefined;
        }
        const unseen = entry?.questions.filter((question) => !seen.has(question)) ?? [];
        if (unseen.length > 0) {
          hits += 1;
          seen.add(pick(unseen));
          continue;
        }
        generated += 1;
        const question = randomUUID();
        seen.add(question);
        const questions = [question, ...(entry?.questions ?? [])].slice(0, 10);
        cache.set(slot.key, { expiresAt: now + ttlMs, questions });
      }
    }
  }
  const withoutCache =
    simulation.assessments * simulation.candidatesPerAssessment * simulation.questionsPerPlan;
  return { withCache: generated, withoutCache, hits, lookups };
}

async function run(): Promise<BenchmarkReport> {
  const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
  const prefix = `bench-qcache-${process.pid}-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const cache = createQuestionCache({ redis, prefix });
    for (let i = 0; i < 10; i += 1) {
      await cache.put('medium', 'python', ['graphs'], {
        questionId: randomUUID(),
        contentHash: randomBytes(32).toString('hex'),
        title: `Question ${i}`,
      });
    }
    const listed = await redis.lrange(cache.keyFor('medium', 'python', ['graphs']), 0, -1);
    const rawKey = `${prefix}:raw`;
    await redis.set(rawKey, JSON.stringify(listed), 'EX', '600');
    const seen = new Set<string>();
    const hitMs: number[] = [];
    const getMs: number[] = [];
    for (let i = 0; i < SAMPLES + 200; i += 1) {
      const order = i % 2 === 0 ? ['hit', 'get'] : ['get', 'hit'];
      for (const side of order) {
        const started = performance.now();
        if (side === 'hit') {
          if (!(await cache.pick('medium', 'python', ['graphs'], seen)))
            throw new Error('expected a cache hit');
        } else {
          await redis.get(rawKey);
        }
        if (i >= 200) (side === 'hit' ? hitMs : getMs).push(performance.now() - started);
      }
    }
    const hit = summarizeLatencies(hitMs);
    const get = summarizeLatencies(getMs);
    const p99 = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1] ?? 0;
    const ratio = hit.medianMs / get.medianMs;

    const tokens = tokensPerAttempt();
    const perQuestion = {
      inputTokens: Math.round(tokens.input * simulation.attemptsPerQuestion),
      outputTokens: Math.round(tokens.output * simulation.attemptsPerQuestion),
    };
    const dollarsPerQuestion = costOf(simulation.model, perQuestion);
    const month = simulate();
    const tokensOf = (questions: number) => questions * (perQuestion.inputTokens + perQuestion.outputTokens);
    const saved = 1 - month.withCache / month.withoutCache;
    return {
      headers: ['measure', 'cache', 'baseline', 'ratio'],
      rows: [
        [
          'hit p50 ms (baseline: raw GET)',
          hit.medianMs.toFixed(3),
          get.medianMs.toFixed(3),
          `${ratio.toFixed(2)}x`,
        ],
        [
          'hit p99 ms (baseline: raw GET)',
          p99(hitMs).toFixed(3),
          p99(getMs).toFixed(3),
          `${(p99(hitMs) / p99(getMs)).toFixed(2)}x`,
        ],
        [
          'questions generated (baseline: no cache)',
          String(month.withCache),
          String(month.withoutCache),
          `${(month.withCache / month.withoutCache).toFixed(3)}x`,
        ],
        [
          'LLM tokens',
          tokensOf(month.withCache).toLocaleString('en'),
          tokensOf(month.withoutCache).toLocaleString('en'),
          '',
        ],
        [
          `LLM cost, ${simulation.model}`,
          `$${(month.withCache * dollarsPerQuestion).toFixed(2)}`,
          `$${(month.withoutCache * dollarsPerQuestion).toFixed(2)}`,
          '',
        ],
      ],
      lines: [
        `${SAMPLES} hit/GET pairs, interleaved; a hit = LRANGE of 10 entries + parse + unseen filter + random pick + HINCRBY/EXPIRE`,
        `simulation: ${simulation.assessments} assessments over ${simulation.days} days, ${simulation.candidatesPerAssessment} candidates each, ${simulation.questionsPerPlan} questions per plan, ${simulation.topicSets} topic sets x 3 difficulties x 3 languages; ${tokens.input} input + ${tokens.output} output tokens per attempt (measured on the real prompt and question JSON), ${simulation.attemptsPerQuestion} attempts per question, $${dollarsPerQuestion.toFixed(4)} per question`,
        `cache hit rate in the simulation ${((100 * month.hits) / month.lookups).toFixed(1)} %; generation cost saved ${(100 * saved).toFixed(1)} %`,
        `cache hit p50 / raw GET p50: ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'meets target' : 'MISSES target'})`,
      ],
    };
  } finally {
    await unlinkKeys(redis, prefix);
    redis.disconnect();
  }
}

export const benchmark: Benchmark = {
  name: 'question-cache',
  description:
    'question cache hit against a raw Redis GET; cost of 1,000 assessments with and without the cache',
  run,
};
