/**
 * The rules of an assessment's content, without I/O: applying an update, which fields a started
 * assessment may no longer change, and whether a plan can be published given what the bank and
 * the organization's problem seeds offer.
 */
import type { FieldProblem } from '../../platform/errors.ts';
import type {
  AiPolicy,
  AssessmentRole,
  AssessmentUpdate,
  Difficulty,
  LockableField,
  ProgrammingLanguage,
  QuestionPlan,
} from './assessments.schema.ts';
import { type DifficultyMix, defaultDifficultyMix, type Seniority } from './difficulty-mix.ts';

/** The editable content of an assessment (status and timestamps aside). */
export interface AssessmentContent {
  title: string;
  description: string;
  role: AssessmentRole;
  seniority: Seniority;
  durationMinutes: number;
  languages: ProgrammingLanguage[];
  aiPolicy: AiPolicy;
  integrityMonitoring: boolean;
  questionPlan: QuestionPlan;
}

const MIX_TOLERANCE = 1e-6;

/** Whether two mixes are the same up to rounding. */
export function sameMix(a: DifficultyMix, b: DifficultyMix): boolean {
  return (
    Math.abs(a.easy - b.easy) < MIX_TOLERANCE &&
    Math.abs(a.medium - b.medium) < MIX_TOLERANCE &&
    Math.abs(a.hard - b.hard) < MIX_TOLERANCE
  );
}

/**
 * The content after `patch`. A seniority change moves the mix to the new seniority's default
 * unless the mix was customised (differs from the old seniority's default) or is given; leaving
 * source `seed` drops the seeds unless they are given (then `planProblems` refuses them).
 */
export function applyAssessmentUpdate(
  current: AssessmentContent,
  patch: AssessmentUpdate,
): AssessmentContent {
  const seniority = patch.seniority ?? current.seniority;
  const plan = patch.questionPlan ?? {};
  let difficultyMix = plan.difficultyMix ?? current.questionPlan.difficultyMix;
  if (
    !plan.difficultyMix &&
    seniority !== current.seniority &&
    sameMix(current.questionPlan.difficultyMix, defaultDifficultyMix[current.seniority])
  ) {
    difficultyMix = defaultDifficultyMix[seniority];
  }
  const source = plan.source ?? current.questionPlan.source;
  const seedIds = plan.seedIds ?? (source === 'seed' ? current.questionPlan.seedIds : []);
  return {
    title: patch.title ?? current.title,
    description: patch.description ?? current.description,
    role: patch.role ?? current.role,
    seniority,
    durationMinutes: patch.durationMinutes ?? current.durationMinutes,
    languages: patch.languages ?? current.languages,
    aiPolicy: patch.aiPolicy ?? current.aiPolicy,
    integrityMonitoring: patch.integrityMonitoring ?? current.integrityMonitoring,
    questionPlan: {
      count: plan.count ?? current.questionPlan.count,
      difficultyMix: { easy: difficultyMix.easy, medium: difficultyMix.medium, hard: difficultyMix.hard },
      source,
      adaptive: plan.adaptive ?? current.questionPlan.adaptive,
      topics: plan.topics ?? current.questionPlan.topics,
      seedIds,
    },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

function samePlan(a: QuestionPlan, b: QuestionPlan): boolean {
  return (
    a.count === b.count &&
    sameMix(a.difficultyMix, b.difficultyMix) &&
    a.source === b.source &&
    a.adaptive === b.adaptive &&
    sameSet(a.topics, b.topics) &&
    sameList(a.seedIds, b.seedIds)
  );
}

/** Top-level fields whose value differs between `before` and `after` (languages and topics as sets). */
export function changedFields(
  before: AssessmentContent,
  after: AssessmentContent,
): (keyof AssessmentContent)[] {
  const changed: (keyof AssessmentContent)[] = [];
  for (const key of Object.keys(after) as (keyof AssessmentContent)[]) {
    const same =
      key === 'languages'
        ? sameSet(before.languages, after.languages)
        : key === 'questionPlan'
          ? samePlan(before.questionPlan, after.questionPlan)
          : before[key] === after[key];
    if (!same) changed.push(key);
  }
  return changed;
}

/** What an update would break on an assessment a candidate has started. */
export function lockViolations(
  before: AssessmentContent,
  after: AssessmentContent,
): { fields: LockableField[]; durationShrinks: boolean } {
  const changed = new Set<string>(changedFields(before, after));
  return {
    fields: (['role', 'seniority', 'languages', 'questionPlan'] as const).filter((field) =>
      changed.has(field),
    ),
    durationShrinks: after.durationMinutes < before.durationMinutes,
  };
}

/** Problems of a plan that make it inconsistent whatever the status (paths under the request body). */
export function planProblems(content: AssessmentContent): FieldProblem[] {
  const { questionPlan: plan } = content;
  const problems: FieldProblem[] = [];
  if (plan.source !== 'seed' && plan.seedIds.length > 0) {
    problems.push({
      path: 'questionPlan.seedIds',
      message: `problem seeds are used only when the source is "seed" (it is "${plan.source}")`,
    });
  }
  return problems;
}

/** How many questions of each difficulty a plan of `count` needs at least (any share > 0 needs one). */
export function requiredPerDifficulty(count: number, mix: DifficultyMix): Record<Difficulty, number> {
  const need = (fraction: number) =>
    fraction <= MIX_TOLERANCE ? 0 : Math.max(1, Math.ceil(count * fraction - 1e-9));
  return { easy: need(mix.easy), medium: need(mix.medium), hard: need(mix.hard) };
}

/** A problem seed as the publish check sees it. */
export interface SeedFacts {
  id: string;
  languages: ProgrammingLanguage[];
  archived: boolean;
}

/** What publishing checks the plan against. */
export interface PublishFacts {
  /** Live bank questions per language and difficulty. */
  bankCounts: Partial<Record<ProgrammingLanguage, Partial<Record<Difficulty, number>>>>;
  /** The plan's seeds found in the organization (missing ones are absent). */
  seeds: SeedFacts[];
}

/** Why `content` cannot be published yet; empty when it can. */
export function publishProblems(content: AssessmentContent, facts: PublishFacts): FieldProblem[] {
  const { questionPlan: plan, languages } = content;
  const problems = planProblems(content);
  if (languages.length === 0) problems.push({ path: 'languages', message: 'allow at least one language' });
  if (!Number.isInteger(plan.count) || plan.count < 1) {
    problems.push({ path: 'questionPlan.count', message: 'plan at least one question' });
  }
  if (plan.source === 'bank' && plan.count >= 1) {
    const need = requiredPerDifficulty(plan.count, plan.difficultyMix);
    for (const language of languages) {
      for (const difficulty of ['easy', 'medium', 'hard'] as const) {
        const available = facts.bankCounts[language]?.[difficulty] ?? 0;
        if (need[difficulty] > available) {
          problems.push({
            path: 'questionPlan.difficultyMix',
            message: `the bank has ${available} ${difficulty} ${language} question(s); this plan needs ${need[difficulty]}`,
          });
        }
      }
    }
  }
  if (plan.source === 'seed') {
    const found = new Map(facts.seeds.map((seed) => [seed.id, seed]));
    if (plan.seedIds.length === 0) {
      problems.push({ path: 'questionPlan.seedIds', message: 'choose at least one problem seed' });
    }
    const unusable = plan.seedIds.filter((id) => !found.get(id) || found.get(id)?.archived);
    if (unusable.length > 0) {
      problems.push({
        path: 'questionPlan.seedIds',
        message: `these problem seeds are archived or do not exist: ${unusable.join(', ')}`,
      });
    }
    const live = plan.seedIds.flatMap((id) => {
      const seed = found.get(id);
      return seed && !seed.archived ? [seed] : [];
    });
    if (plan.seedIds.length > 0 && live.length < plan.count) {
      problems.push({
        path: 'questionPlan.count',
        message: `a candidate never gets the same problem twice: ${plan.count} questions need ${plan.count} problem seeds (there are ${live.length})`,
      });
    }
    for (const language of languages) {
      if (live.length > 0 && !live.some((seed) => seed.languages.includes(language))) {
        problems.push({ path: 'languages', message: `no chosen problem seed is offered in ${language}` });
      }
    }
  }
  return problems;
}

/** One (difficulty, language, topics) combination a plan will ask the question generator for. */
export interface PlanSlotRequest {
  difficulty: Difficulty;
  language: ProgrammingLanguage;
  topics: string[];
}

/**
 * What to pre-warm the question cache with when `assessment` is published: every language ×
 * difficulty of its mix, for a `generated` plan only (bank plans need no generation, and seed
 * questions bypass the cache).
 */
export function prewarmSlotsOf(
  assessment: Pick<AssessmentContent, 'languages' | 'questionPlan'>,
): PlanSlotRequest[] {
  const { questionPlan: plan } = assessment;
  if (plan.source !== 'generated') return [];
  const need = requiredPerDifficulty(plan.count, plan.difficultyMix);
  return assessment.languages.flatMap((language) =>
    (['easy', 'medium', 'hard'] as const)
      .filter((difficulty) => need[difficulty] > 0)
      .map((difficulty) => ({ difficulty, language, topics: [...plan.topics] })),
  );
}
