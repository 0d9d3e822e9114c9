/**
 * The question cache of the seed's P2.1: generated questions are reused instead of paying the
 * model again. Key `question:{difficulty}:{language}:{topicHash}` (under QUEUE_PREFIX), a list of
 * at most 10 questions, 7-day TTL; a random pick among those the candidate has not seen; hits and
 * misses counted. Questions built from an organization's own problem seed never come through here.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const QUESTION_CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;
export const QUESTION_CACHE_MAX_PER_KEY = 10;
/** The hit/miss counters outlive any single entry, but not forever. */
const COUNTER_TTL_SECONDS = 30 * 24 * 60 * 60;

export type CacheDifficulty = 'easy' | 'medium' | 'hard';
export type CacheLanguage = 'python' | 'javascript' | 'typescript';

/** What the cache keeps of a question: enough to load it and to tell whether a candidate saw it. */
export const CachedQuestionSchema = z.object({
  questionId: z.uuid(),
  contentHash: z.string().min(1),
  title: z.string(),
});
export type CachedQuestion = z.infer<typeof CachedQuestionSchema>;

export interface QuestionCacheStats {
  totalKeys: number;
  totalQuestions: number;
  byDifficulty: Record<CacheDifficulty, number>;
  byLanguage: Record<CacheLanguage, number>;
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any lookup. */
  hitRate: number;
}

/** The topics part of a key: order and case do not matter; no topics is "any". */
export function topicHash(topics: readonly string[] | undefined): string {
  const normalized = [
    ...new Set((topics ?? []).map((topic) => topic.trim().toLowerCase()).filter(Boolean)),
  ].sort();
  if (normalized.length === 0) return 'any';
  return createHash('sha256').update(normalized.join(',')).digest('hex').slice(0, 16);
}

export interface QuestionCache {
  keyFor(difficulty: CacheDifficulty, language: CacheLanguage, topics?: readonly string[]): string;
  /** A random cached question not in `exclude` (content hashes the candidate has seen); counts a hit or a miss. */
  pick(
    difficulty: CacheDifficulty,
    language: CacheLanguage,
    topics: readonly string[] | undefined,
    exclude: ReadonlySet<string>,
  ): Promise<CachedQuestion | undefined>;
  /** Adds a question (newest first, the oldest beyond 10 dropped) and renews the key's 7 days. */
  put(
    difficulty: CacheDifficulty,
    language: CacheLanguage,
    topics: readonly string[] | undefined,
    question: CachedQuestion,
  ): Promise<void>;
  /** How many questions one key holds. */
  size(difficulty: CacheDifficulty, language: CacheLanguage, topics?: readonly string[]): Promise<number>;
  stats(): Promise<QuestionCacheStats>;
  /** Deletes the keys of one difficulty and/or language (all when neither); resolves with how many. */
  clear(difficulty?: CacheDifficulty, language?: CacheLanguage): Promise<number>;
}

export function createQuestionCache(options: {
  redis: Redis;
  prefix: string;
  random?: () => number;
}): QuestionCache {
  const { redis, prefix } = options;
  const random = options.random ?? Math.random;
  const root = `${prefix}:question`;
  const countersKey = `${prefix}:question-cache-counters`;
  const keyFor = (difficulty: CacheDifficulty, language: CacheLanguage, topics?: readonly string[]) =>
    `${root}:${difficulty}:${language}:${topicHash(topics)}`;

  async function count(field: 'hits' | 'misses'): Promise<void> {
    await redis.multi().hincrby(countersKey, field, 1).expire(countersKey, COUNTER_TTL_SECONDS).exec();
  }

  /** Every cache key matching `pattern`, by SCAN (KEYS would block Redis on a big keyspace). */
  async function scanKeys(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }

  return {
    keyFor,
    async pick(difficulty, language, topics, exclude) {
      const raw = await redis.lrange(keyFor(difficulty, language, topics), 0, -1);
      const unseen = raw
        .map((value) => CachedQuestionSchema.safeParse(JSON.parse(value)))
        .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
        .filter((question) => !exclude.has(question.contentHash));
      const chosen = unseen.length > 0 ? unseen[Math.floor(random() * unseen.length)] : undefined;
      // Not awaited: the caller needs the question, not the counter. Commands on one connection
      // run in order, so a later stats() still sees this count.
      void count(chosen ? 'hits' : 'misses').catch(() => undefined);
      return chosen;
    },
    async put(difficulty, language, topics, question) {
      const key = keyFor(difficulty, language, topics);
      const existing = await redis.lrange(key, 0, -1);
      // The same question twice would only skew the random pick.
      if (existing.some((value) => value.includes(`"${question.questionId}"`))) return;
      await redis
        .multi()
        .lpush(key, JSON.stringify(question))
        .ltrim(key, 0, QUESTION_CACHE_MAX_PER_KEY - 1)
        .expire(key, QUESTION_CACHE_TTL_SECONDS)
        .exec();
    },
    size: (difficulty, language, topics) => redis.llen(keyFor(difficulty, language, topics)),
    async stats() {
      const keys = await scanKeys(`${root}:*`);
      const byDifficulty: Record<CacheDifficulty, number> = { easy: 0, medium: 0, hard: 0 };
      const byLanguage: Record<CacheLanguage, number> = { python: 0, javascript: 0, typescript: 0 };
      let totalQuestions = 0;
      for (const key of keys) {
        const length = await redis.llen(key);
        const [difficulty, language] = key.slice(root.length + 1).split(':') as [
          CacheDifficulty,
          CacheLanguage,
        ];
        totalQuestions += length;
        if (difficulty in byDifficulty) byDifficulty[difficulty] += length;
        if (language in byLanguage) byLanguage[language] += length;
      }
      const counters = await redis.hgetall(countersKey);
      const hits = Number(counters.hits ?? 0);
      const misses = Number(counters.misses ?? 0);
      return {
        totalKeys: keys.length,
        totalQuestions,
        byDifficulty,
        byLanguage,
        hits,
        misses,
        hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
      };
    },
    async clear(difficulty, language) {
      const keys = await scanKeys(`${root}:${difficulty ?? '*'}:${language ?? '*'}:*`);
      for (let start = 0; start < keys.length; start += 500)
        await redis.unlink(...keys.slice(start, start + 500));
      return keys.length;
    },
  };
}
