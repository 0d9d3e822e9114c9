/** The question cache on a real Redis: the seed's key, TTL, size cap, random unseen pick, stats, clear. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, uniquePrefix } from '../../../test/support/redis.ts';
import { testRedisUrl } from '../../../test/support/services.ts';
import { createQuestionCache, type QuestionCache, topicHash } from './question-cache.service.ts';

let redis: Redis;
let cache: QuestionCache;
const prefix = uniquePrefix('qcache');
const question = (label: string) => ({
  questionId: randomUUID(),
  contentHash: `hash-${label}`,
  title: label,
});

beforeAll(() => {
  redis = new Redis(testRedisUrl);
  cache = createQuestionCache({ redis, prefix });
});
afterAll(async () => {
  redis.disconnect();
  await deleteKeysWithPrefix(prefix);
});

describe('question cache', () => {
  it('uses the seed key with a topic hash independent of order and case, and a 7-day TTL', async () => {
    expect(topicHash(['Graphs', 'arrays'])).toBe(topicHash(['arrays', 'graphs ']));
    expect(topicHash([])).toBe('any');
    const key = cache.keyFor('medium', 'python', ['arrays', 'graphs']);
    expect(key).toBe(`${prefix}:question:medium:python:${topicHash(['arrays', 'graphs'])}`);
    await cache.put('medium', 'python', ['graphs', 'arrays'], question('ttl'));
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(7 * 86_400 - 10);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400);
  });

  it('keeps at most 10 questions per key, newest first, and never the same one twice', async () => {
    const added = Array.from({ length: 12 }, (_, i) => question(`cap-${i}`));
    for (const entry of added) await cache.put('easy', 'javascript', undefined, entry);
    await cache.put('easy', 'javascript', undefined, added[11] ?? question('x'));
    expect(await cache.size('easy', 'javascript')).toBe(10);
    const kept = (await redis.lrange(cache.keyFor('easy', 'javascript'), 0, -1)).map(
      (raw) => JSON.parse(raw).title,
    );
    expect(kept).toEqual(
      added
        .slice(2)
        .reverse()
        .map((entry) => entry.title),
    );
  });

  it('picks at random among the questions the candidate has not seen, and counts hits and misses', async () => {
    const entries = [question('a'), question('b'), question('c')];
    for (const entry of entries) await cache.put('hard', 'typescript', ['dp'], entry);
    const picks = new Set<string>();
    for (let i = 0; i < 40; i += 1) {
      const pick = await cache.pick('hard', 'typescript', ['dp'], new Set(['hash-a']));
      picks.add(pick?.title ?? 'none');
    }
    expect([...picks].sort()).toEqual(['b', 'c']);
    const none = await cache.pick('hard', 'typescript', ['dp'], new Set(['hash-a', 'hash-b', 'hash-c']));
    expect(none).toBeUndefined();
    const stats = await cache.stats();
    expect(stats.hits).toBe(40);
    expect(stats.misses).toBe(1);
    expect(stats.hitRate).toBeCloseTo(40 / 41);
  });

  it('reports keys and questions by difficulty and language, and clears by difficulty with SCAN', async () => {
    const stats = await cache.stats();
    expect(stats).toMatchObject({
      totalKeys: 3,
      totalQuestions: 14,
      byDifficulty: { easy: 10, medium: 1, hard: 3 },
      byLanguage: { python: 1, javascript: 10, typescript: 3 },
    });
    expect(await cache.clear('hard')).toBe(1);
    expect((await cache.stats()).byDifficulty.hard).toBe(0);
    expect(await cache.clear(undefined, 'javascript')).toBe(1);
    expect(await cache.clear()).toBe(1);
    expect((await cache.stats()).totalKeys).toBe(0);
  });
});
