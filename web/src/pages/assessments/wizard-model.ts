/**
 * The assessment wizard's form, pure: its state, the checks of each step, and the request bodies
 * (create, or the patch of the fields that are not locked). Server field errors map back to steps.
 */
import type {
  AiPolicy,
  AssessmentCreateBody,
  AssessmentRole,
  AssessmentUpdateBody,
  AssessmentView,
  ProgrammingLanguage,
  QuestionSource,
  Seniority,
} from '../../api/types.ts';
import {
  type DifficultyMix,
  defaultDifficultyMix,
  mixToPercents,
  percentsToMix,
  sameMix,
} from '../../lib/difficulty-mix.ts';

/** The wizard's steps, in order. */
export const wizardSteps = ['Basics', 'Questions', 'AI and integrity', 'Review'] as const;

/** Bounds the server enforces (assessments.schema.ts). */
export const MIN_DURATION = 5;
export const MAX_DURATION = 480;
export const MAX_QUESTIONS = 20;

/** What the form holds; numbers as typed text so a half-typed value is not lost. */
export interface WizardState {
  title: string;
  description: string;
  role: AssessmentRole;
  seniority: Seniority;
  durationMinutes: string;
  languages: ProgrammingLanguage[];
  count: string;
  source: QuestionSource;
  adaptive: boolean;
  topics: string;
  seedIds: string[];
  customMix: boolean;
  mixPercents: Record<keyof DifficultyMix, string>;
  aiPolicy: AiPolicy;
  integrityMonitoring: boolean;
}

/** A new assessment's form. */
export function initialWizardState(): WizardState {
  return {
    title: '',
    description: '',
    role: 'backend',
    seniority: 'mid',
    durationMinutes: '60',
    languages: ['python'],
    count: '3',
    source: 'bank',
    adaptive: true,
    topics: '',
    seedIds: [],
    customMix: false,
    mixPercents: percentStrings(defaultDifficultyMix.mid),
    aiPolicy: 'pair_programming',
    integrityMonitoring: true,
  };
}

function percentStrings(mix: DifficultyMix): Record<keyof DifficultyMix, string> {
  const percents = mixToPercents(mix);
  return { easy: String(percents.easy), medium: String(percents.medium), hard: String(percents.hard) };
}

/** The form of an existing assessment; a mix equal to the seniority's default is not "custom". */
export function stateFromAssessment(assessment: AssessmentView): WizardState {
  const plan = assessment.questionPlan;
  const custom = !sameMix(plan.difficultyMix, defaultDifficultyMix[assessment.seniority]);
  return {
    title: assessment.title,
    description: assessment.description,
    role: assessment.role,
    seniority: assessment.seniority,
    durationMinutes: String(assessment.durationMinutes),
    languages: [...assessment.languages],
    count: String(plan.count),
    source: plan.source,
    adaptive: plan.adaptive,
    topics: plan.topics.join(', '),
    seedIds: [...plan.seedIds],
    customMix: custom,
    mixPercents: percentStrings(plan.difficultyMix),
    aiPolicy: assessment.aiPolicy,
    integrityMonitoring: assessment.integrityMonitoring,
  };
}

/** Changing the seniority resets a mix that was not customized to the new default. */
export function withSeniority(state: WizardState, seniority: Seniority): WizardState {
  return {
    ...state,
    seniority,
    mixPercents: state.customMix ? state.mixPercents : percentStrings(defaultDifficultyMix[seniority]),
  };
}

/** The mix the plan will use: the custom one when valid, else the seniority's default. */
export function effectiveMix(state: WizardState): DifficultyMix {
  if (!state.customMix) return defaultDifficultyMix[state.seniority];
  const parsed = percentsToMix(state.mixPercents);
  return parsed.ok ? parsed.mix : defaultDifficultyMix[state.seniority];
}

/** Topics typed as "arrays, graphs": trimmed, lowercased, without repeats or empties. */
export function parseTopics(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((topic) => topic.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

const wholeNumber = (text: string): number | undefined =>
  /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;

/** Problems of one step, keyed by field (the keys the server uses in its field paths). */
export function validateStep(state: WizardState, step: number): Record<string, string> {
  const problems: Record<string, string> = {};
  if (step === 0) {
    if (!state.title.trim()) problems.title = 'Give the assessment a title';
    else if (state.title.trim().length > 200) problems.title = 'At most 200 characters';
    const duration = wholeNumber(state.durationMinutes);
    if (duration === undefined || duration < MIN_DURATION || duration > MAX_DURATION)
      problems.durationMinutes = `A whole number of minutes from ${MIN_DURATION} to ${MAX_DURATION}`;
  }
  if (step === 1) {
    if (state.languages.length === 0) problems.languages = 'Allow at least one language';
    const count = wholeNumber(state.count);
    if (count === undefined || count < 1 || count > MAX_QUESTIONS)
      problems['questionPlan.count'] = `From 1 to ${MAX_QUESTIONS} questions`;
    if (state.customMix) {
      const parsed = percentsToMix(state.mixPercents);
      if (!parsed.ok) problems['questionPlan.difficultyMix'] = parsed.message;
    }
    if (state.source === 'seed' && state.seedIds.length === 0)
      problems['questionPlan.seedIds'] = 'Pick at least one of your problem seeds, or choose another source';
    const topics = parseTopics(state.topics);
    if (topics.length > 20) problems['questionPlan.topics'] = 'At most 20 topics';
    else if (topics.some((topic) => topic.length > 40))
      problems['questionPlan.topics'] = 'A topic has at most 40 characters';
  }
  return problems;
}

/** The first step with a problem, or undefined when the whole form is valid. */
export function firstInvalidStep(state: WizardState): number | undefined {
  for (let step = 0; step < wizardSteps.length; step += 1) {
    if (Object.keys(validateStep(state, step)).length > 0) return step;
  }
  return undefined;
}

/** The step that holds a field named by the server (`questionPlan.count` → 1). */
export function stepOfField(field: string): number {
  if (field.startsWith('questionPlan') || field.startsWith('languages')) return 1;
  if (field.startsWith('aiPolicy') || field.startsWith('integrityMonitoring')) return 2;
  return 0;
}

/** The body of POST /api/assessments; the mix is sent only when customized (else the server's default). */
export function toCreateBody(state: WizardState): AssessmentCreateBody {
  const parsedMix = state.customMix ? percentsToMix(state.mixPercents) : undefined;
  return {
    title: state.title.trim(),
    description: state.description,
    role: state.role,
    seniority: state.seniority,
    durationMinutes: Number(state.durationMinutes),
    languages: state.languages,
    aiPolicy: state.aiPolicy,
    integrityMonitoring: state.integrityMonitoring,
    questionPlan: {
      count: Number(state.count),
      source: state.source,
      adaptive: state.adaptive,
      topics: parseTopics(state.topics),
      seedIds: state.source === 'seed' ? state.seedIds : [],
      ...(parsedMix?.ok ? { difficultyMix: parsedMix.mix } : {}),
    },
  };
}

/**
 * The body of PATCH /api/assessments/:id: every field, except those locked since a candidate
 * started (role, seniority, languages, questionPlan), which the server would refuse with a 409.
 * A mix that is not customized is sent as the seniority's default, so changing the seniority
 * of a draft also moves its mix.
 */
export function toUpdateBody(state: WizardState, lockedFields: readonly string[]): AssessmentUpdateBody {
  const locked = new Set(lockedFields);
  const create = toCreateBody(state);
  const body: AssessmentUpdateBody = {
    title: create.title,
    description: create.description ?? '',
    durationMinutes: create.durationMinutes,
    aiPolicy: create.aiPolicy ?? 'pair_programming',
    integrityMonitoring: create.integrityMonitoring ?? true,
  };
  if (!locked.has('role')) body.role = create.role;
  if (!locked.has('seniority')) body.seniority = create.seniority;
  if (!locked.has('languages')) body.languages = create.languages;
  if (!locked.has('questionPlan')) {
    body.questionPlan = { ...create.questionPlan, difficultyMix: effectiveMix(state) };
  }
  return body;
}
