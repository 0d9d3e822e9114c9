/**
 * Finds the next question of a session: the difficulties the assessment's mix still allows, then
 * the most informative eligible question at the current ability (agents' selection logic). Bank
 * plans choose among stored bank questions; generated and seed plans choose a difficulty the
 * same way and ask the question generator (behind the question cache) for one.
 */
import type { Database } from '../../platform/db/client.ts';
import { type Difficulty, defaultItemParameters, openDifficulties, selectNextItem } from '../agents/index.ts';
import { loadQuestion, type QuestionGenerator, type StoredQuestion } from '../questions/index.ts';
import { eligibleBankQuestions } from './interviews.repository.ts';

/** The chosen question and why. */
export interface NextQuestion {
  question: StoredQuestion;
  reason: string;
  source: string;
}

/** Chooses the next question; undefined when the plan has nothing left to serve. */
export async function chooseNextQuestion(input: {
  db: Database;
  questions: QuestionGenerator;
  random: () => number;
  plan: {
    source: 'bank' | 'generated' | 'seed';
    adaptive: boolean;
    topics: string[];
    seedIds: string[];
    quota: Record<Difficulty, number>;
  };
  session: { organizationId: string; candidateId: string; language: 'python' | 'javascript' | 'typescript' };
  served: ReadonlyArray<{ difficulty: Difficulty; contentHash: string }>;
  theta: number;
}): Promise<NextQuestion | undefined> {
  const open = openDifficulties(
    input.plan.quota,
    input.served.map((entry) => entry.difficulty),
  );
  if (open.length === 0) return undefined;

  if (input.plan.source === 'bank') {
    const items = await eligibleBankQuestions(input.db, {
      language: input.session.language,
      difficulties: open,
      excludeHashes: input.served.map((entry) => entry.contentHash),
    });
    const selection = selectNextItem({
      items,
      theta: input.theta,
      adaptive: input.plan.adaptive,
      random: input.random,
    });
    if (!selection) return undefined;
    const question = await loadQuestion(input.db, selection.item.id);
    if (!question) return undefined;
    return { question, reason: selection.reason, source: 'bank' };
  }

  // Generated and seed plans: pick the difficulty by information, then generate (cache first).
  const levels = open.map((difficulty) => ({
    id: difficulty,
    difficulty,
    ...defaultItemParameters[difficulty],
  }));
  const selection = selectNextItem({
    items: levels,
    theta: input.theta,
    adaptive: input.plan.adaptive,
    random: () => 0,
  });
  if (!selection) return undefined;
  const seedId =
    input.plan.source === 'seed' && input.plan.seedIds.length > 0
      ? input.plan.seedIds[input.served.length % input.plan.seedIds.length]
      : undefined;
  const generated = await input.questions.generateQuestion({
    difficulty: selection.item.difficulty,
    language: input.session.language,
    topics: input.plan.topics,
    seedId,
    organizationId: input.session.organizationId,
    candidateId: input.session.candidateId,
  });
  return { question: generated.question, reason: selection.reason, source: generated.source };
}
