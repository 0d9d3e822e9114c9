/**
 * generateQuestion (seed P2.1): a question for a difficulty, language and topics, from the cache
 * when it has one the candidate has not seen (tokensUsed 0), else from the model — and a
 * generated question is stored only once the sandbox has proved it: the reference solution passes
 * every test, the starter fails at least one hidden test. A rejected answer goes back to the model
 * with the reason (bounded); after that, a bank question stands in. Questions built from an
 * organization's own problem seed bypass the cache both ways.
 */
import type { Database } from '../../platform/db/client.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RunRequest, RunResult } from '../sandbox/index.ts';
import type { BankLanguage } from './bank.schema.ts';
import { contentHashOf } from './bank.service.ts';
import {
  type GeneratedQuestion,
  type GenerationBrief,
  generationPrompt,
  generationSystemPrompt,
  PROMPT_VERSION,
  parseGeneratedQuestion,
  retryPrompt,
} from './generation.ts';
import type { QuestionCache } from './question-cache.service.ts';
import {
  bankQuestions,
  insertQuestion,
  loadProblemSeed,
  loadQuestion,
  type StoredQuestion,
  seenContentHashes,
} from './questions.repository.ts';

/** The slice of the LLM client generation needs (src/platform/llm). */
export interface QuestionModel {
  complete(request: {
    purpose: string;
    organizationId?: string;
    system?: string;
    messages: Array<{ role: 'user' | 'assistant'; content: string }>;
    maxTokens: number;
    temperature?: number;
  }): Promise<{
    text: string;
    usage: { inputTokens: number; outputTokens: number };
    costUsd: number;
    provider: string;
    model: string;
  }>;
}

export interface GenerateQuestionInput {
  candidateId?: string | undefined;
  organizationId?: string | undefined;
  difficulty: 'easy' | 'medium' | 'hard';
  language: BankLanguage;
  topics?: string[] | undefined;
  seedId?: string | undefined;
}

export interface GeneratedQuestionResult {
  question: StoredQuestion;
  source: 'cache' | 'generated' | 'seed' | 'bank';
  /** Tokens the model used for this call: 0 on a cache hit. */
  tokensUsed: number;
  costUsd: number;
  cacheKey?: string | undefined;
  /** Model answers tried (0 on a cache hit). */
  attempts: number;
}

/** Default irt b per difficulty for generated questions (the agent recalibrates later). */
const defaultIrtB = { easy: -1.2, medium: 0, hard: 1.2 } as const;
const extension: Record<BankLanguage, string> = { python: 'py', javascript: 'js', typescript: 'ts' };

export interface QuestionGenerator {
  generateQuestion(input: GenerateQuestionInput): Promise<GeneratedQuestionResult>;
}

export function createQuestionGenerator(options: {
  db: Database;
  model: QuestionModel;
  /** Runs code in the sandbox (the execution service). */
  run: (request: RunRequest) => Promise<RunResult>;
  cache: QuestionCache;
  logger: Logger;
  /** Model answers tried before a bank question stands in. */
  maxAttempts?: number;
}): QuestionGenerator {
  const { db, model, cache } = options;
  const log = options.logger.child({ component: 'question-generation' });
  const maxAttempts = options.maxAttempts ?? 3;

  /** Why the sandbox refuses `question`, or undefined when it is proved. */
  async function disprove(question: GeneratedQuestion, language: BankLanguage): Promise<string | undefined> {
    const tests = question.tests.map((test, index) => ({ ...test, id: `t${index}`, weight: 1 }));
    const file = (content: string) => [{ path: `solution.${extension[language]}`, content }];
    const base = { language, kind: 'hidden' as const, entryPoint: question.entryPoint, tests };
    const [reference, starter] = await Promise.all([
      options.run({ ...base, files: file(question.referenceSolution) }),
      options.run({ ...base, files: file(question.starterCode) }),
    ]);
    if (reference.status !== 'ok' || reference.passed !== reference.total) {
      const failed = reference.tests
        .filter((test) => !test.passed)
        .slice(0, 3)
        .map(
          (test) =>
            `"${test.testName}" returned ${test.output || 'nothing'}${test.error ? ` (${test.error.split('\n').at(-1)})` : ''}`,
        );
      return `the reference solution did not pass every test (${reference.status}, ${reference.passed}/${reference.total}): ${failed.join('; ')}${reference.stderr ? ` ${reference.stderr.slice(0, 300)}` : ''}`;
    }
    if (starter.status === 'compile_error')
      return `the starter code does not compile: ${starter.stderr.slice(0, 300)}`;
    if (starter.tests.every((test) => !test.hidden || test.passed)) {
      return 'the starter code passes every hidden test: it must not solve the problem';
    }
    return undefined;
  }

  /** Asks the model until a question is proved or attempts run out. */
  async function fromModel(brief: GenerationBrief, organizationId: string | undefined) {
    const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [
      { role: 'user', content: generationPrompt(brief) },
    ];
    let tokensUsed = 0;
    let costUsd = 0;
    let provider = '';
    let modelName = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const answer = await model.complete({
        purpose: 'question-generation',
        ...(organizationId ? { organizationId } : {}),
        system: generationSystemPrompt,
        messages,
        maxTokens: 4_000,
        temperature: 0.7,
      });
      tokensUsed += answer.usage.inputTokens + answer.usage.outputTokens;
      costUsd += answer.costUsd;
      provider = answer.provider;
      modelName = answer.model;
      const parsed = parseGeneratedQuestion(answer.text);
      const problem = 'problem' in parsed ? parsed.problem : await disprove(parsed.question, brief.language);
      if (!problem && 'question' in parsed) {
        return {
          question: parsed.question,
          tokensUsed,
          costUsd,
          provider,
          model: modelName,
          attempts: attempt,
        };
      }
      log.warn(
        { attempt, problem, language: brief.language, difficulty: brief.difficulty },
        'generated question rejected',
      );
      messages.push(
        { role: 'assistant', content: answer.text },
        { role: 'user', content: retryPrompt(problem ?? '') },
      );
    }
    return { question: undefined, tokensUsed, costUsd, provider, model: modelName, attempts: maxAttempts };
  }

  /** A bank question the candidate has not seen, preferring the topics asked for. */
  async function bankStandIn(input: GenerateQuestionInput, seen: Set<string>): Promise<StoredQuestion> {
    const candidates = (await bankQuestions(db, input.difficulty, input.language)).filter(
      (row) => !seen.has(row.contentHash),
    );
    const wanted = new Set(input.topics ?? []);
    const preferred = candidates.filter((row) => row.topics.some((topic) => wanted.has(topic)));
    const pool = preferred.length > 0 ? preferred : candidates;
    const chosen = pool[Math.floor(Math.random() * pool.length)];
    if (!chosen) {
      throw new AppError(
        'CONFLICT',
        `No ${input.difficulty} ${input.language} question is left that this candidate has not seen`,
      );
    }
    const question = await loadQuestion(db, chosen.id);
    if (!question) throw new NotFoundError('The bank question');
    return question;
  }

  async function store(
    question: GeneratedQuestion,
    input: GenerateQuestionInput,
    meta: {
      provider: string;
      model: string;
      tokensUsed: number;
      costUsd: number;
      cacheKey?: string;
      seedId?: string;
    },
  ): Promise<StoredQuestion> {
    const id = await insertQuestion(db, {
      organizationId: meta.seedId ? input.organizationId : undefined,
      title: question.title,
      description: question.description,
      difficulty: input.difficulty,
      language: input.language,
      topics: question.topics,
      estimatedMinutes: question.estimatedMinutes,
      entryPoint: question.entryPoint,
      starterFiles: [{ path: `solution.${extension[input.language]}`, content: question.starterCode }],
      referenceSolution: question.referenceSolution,
      rubric: { criteria: question.rubric.criteria },
      irtA: 1,
      irtB: defaultIrtB[input.difficulty],
      source: meta.seedId ? 'seed' : 'generated',
      seedId: meta.seedId,
      generation: {
        provider: meta.provider,
        model: meta.model,
        tokensUsed: meta.tokensUsed,
        costUsd: meta.costUsd,
        ...(meta.cacheKey ? { cacheKey: meta.cacheKey } : {}),
        promptVersion: PROMPT_VERSION,
      },
      contentHash: contentHashOf(question),
      tests: question.tests,
    });
    const stored = await loadQuestion(db, id);
    if (!stored) throw new Error('the stored question vanished');
    return stored;
  }

  return {
    async generateQuestion(input) {
      const topics = [
        ...new Set((input.topics ?? []).map((topic) => topic.trim().toLowerCase()).filter(Boolean)),
      ];
      const seen = input.candidateId ? await seenContentHashes(db, input.candidateId) : new Set<string>();

      if (input.seedId) {
        const seed = await loadProblemSeed(db, input.seedId, input.organizationId);
        if (!seed) throw new NotFoundError('The problem seed');
        const generated = await fromModel(
          {
            difficulty: input.difficulty,
            language: input.language,
            topics: topics.length > 0 ? topics : seed.topics,
            variant: 0,
            seed: {
              title: seed.title,
              description: seed.description,
              topics: seed.topics,
              examples: JSON.stringify(seed.tests.filter((test) => !test.hidden).slice(0, 3)),
            },
          },
          seed.organizationId,
        );
        if (!generated.question) {
          throw new AppError(
            'UNAVAILABLE',
            'No valid question could be generated from this problem seed; try again',
          );
        }
        const question = await store(
          generated.question,
          { ...input, organizationId: seed.organizationId },
          {
            ...generated,
            seedId: seed.id,
          },
        );
        return {
          question,
          source: 'seed',
          tokensUsed: generated.tokensUsed,
          costUsd: generated.costUsd,
          attempts: generated.attempts,
        };
      }

      const cacheKey = cache.keyFor(input.difficulty, input.language, topics);
      const cached = await cache.pick(input.difficulty, input.language, topics, seen);
      if (cached) {
        const question = await loadQuestion(db, cached.questionId);
        if (question) return { question, source: 'cache', tokensUsed: 0, costUsd: 0, cacheKey, attempts: 0 };
      }

      // Deterministic providers vary their answer by how many questions the key already holds.
      const variant = await cache.size(input.difficulty, input.language, topics);
      const generated = await fromModel(
        { difficulty: input.difficulty, language: input.language, topics, variant },
        input.organizationId,
      );
      if (generated.question && !seen.has(contentHashOf(generated.question))) {
        const question = await store(generated.question, input, { ...generated, cacheKey });
        await cache.put(input.difficulty, input.language, topics, {
          questionId: question.id,
          contentHash: question.contentHash,
          title: question.title,
        });
        return {
          question,
          source: 'generated',
          tokensUsed: generated.tokensUsed,
          costUsd: generated.costUsd,
          cacheKey,
          attempts: generated.attempts,
        };
      }
      log.warn(
        { cacheKey, attempts: generated.attempts },
        'no valid generated question; serving a bank question',
      );
      const question = await bankStandIn(input, seen);
      return {
        question,
        source: 'bank',
        tokensUsed: generated.tokensUsed,
        costUsd: generated.costUsd,
        cacheKey,
        attempts: generated.attempts,
      };
    },
  };
}
