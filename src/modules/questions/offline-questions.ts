/**
 * What the offline provider answers when asked for a question: a deterministic variant of a bank
 * problem of the requested difficulty (preferring the topics asked for), in the generated-question
 * JSON format, so the whole generation path — parsing, the sandbox proof, storage, the cache —
 * runs the same with no model at all. Pure.
 */
import type { BankEntry } from './bank.schema.ts';
import { briefFromPrompt, type GeneratedQuestion } from './generation.ts';

/** The question for the brief found in `prompts` (the conversation so far), or undefined. */
export function offlineQuestion(
  entries: readonly BankEntry[],
  prompts: readonly string[],
): GeneratedQuestion | undefined {
  const brief = prompts.map(briefFromPrompt).find((found) => found !== undefined);
  if (!brief) return undefined;
  const sameDifficulty = entries.filter((entry) => entry.question.difficulty === brief.difficulty);
  const wanted = new Set(brief.topics);
  const onTopic = sameDifficulty.filter((entry) => entry.question.topics.some((topic) => wanted.has(topic)));
  const pool = onTopic.length > 0 ? onTopic : sameDifficulty;
  const entry = pool[brief.variant % Math.max(pool.length, 1)];
  if (!entry) return undefined;
  const { question } = entry;
  const round = Math.floor(brief.variant / Math.max(pool.length, 1)) + 1;
  return {
    title: `${question.title} (variant ${round})`,
    description: `${question.description}\n\n_Offline variant ${round} of a bank problem._`,
    topics: question.topics,
    estimatedMinutes: question.estimatedMinutes,
    entryPoint: question.entryPoints[brief.language],
    tests: question.tests.map(({ name, args, expected, hidden }) => ({ name, args, expected, hidden })),
    referenceSolution: entry.solutions[brief.language],
    starterCode: entry.starters[brief.language],
    rubric: { criteria: question.rubric.criteria },
  };
}

/** The text the offline provider answers for a question-generation request (JSON, or a refusal). */
export function offlineQuestionAnswer(entries: readonly BankEntry[], prompts: readonly string[]): string {
  const question = offlineQuestion(entries, prompts);
  return question ? JSON.stringify(question) : 'The offline provider found no bank problem for this request.';
}

/** The text of each message of a conversation (string contents, text blocks), for finding the brief. */
export function promptTexts(messages: ReadonlyArray<{ content: unknown }>): string[] {
  return messages.map((message) =>
    typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
  );
}
