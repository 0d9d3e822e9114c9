/**
 * The question cache for platform operators:
 *   GET    /api/admin/question-cache                               → {success, stats}
 *   DELETE /api/admin/question-cache?difficulty=…&language=…       → {success, cleared}
 */
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/server.ts';
import { type OperatorAccess, requireOperator } from '../ops/index.ts';
import type { QuestionCache } from './question-cache.service.ts';

const StatsSchema = z.object({
  totalKeys: z.number().int(),
  totalQuestions: z.number().int(),
  byDifficulty: z.object({ easy: z.number().int(), medium: z.number().int(), hard: z.number().int() }),
  byLanguage: z.object({
    python: z.number().int(),
    javascript: z.number().int(),
    typescript: z.number().int(),
  }),
  hits: z.number().int(),
  misses: z.number().int(),
  hitRate: z.number(),
});

const ClearQuerySchema = z.object({
  difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
  language: z.enum(['python', 'javascript', 'typescript']).optional(),
});

export function registerQuestionCacheRoutes(
  app: HttpServer,
  options: { cache: QuestionCache; operatorToken: OperatorAccess },
): void {
  const operatorOnly = requireOperator(options.operatorToken);
  app.get(
    '/api/admin/question-cache',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['operations'],
        summary: 'Question cache statistics: keys, questions by difficulty and language, hit rate',
        response: { 200: z.object({ success: z.literal(true), stats: StatsSchema }) },
      },
    },
    async () => ({ success: true as const, stats: await options.cache.stats() }),
  );
  app.delete(
    '/api/admin/question-cache',
    {
      preHandler: operatorOnly,
      schema: {
        tags: ['operations'],
        summary: 'Clear the question cache, or only one difficulty and/or language',
        querystring: ClearQuerySchema,
        response: { 200: z.object({ success: z.literal(true), cleared: z.number().int() }) },
      },
    },
    async (request) => ({
      success: true as const,
      cleared: await options.cache.clear(request.query.difficulty, request.query.language),
    }),
  );
}
