import { describe, expect, it } from 'vitest';
import {
  aiPolicyEnum,
  assessmentRoleEnum,
  assessmentStatusEnum,
  difficultyEnum,
  programmingLanguageEnum,
  questionSourceEnum,
  seniorityEnum,
} from '../../platform/db/schema/enums.ts';
import {
  type AssessmentContent,
  applyAssessmentUpdate,
  changedFields,
  lockViolations,
  prewarmSlotsOf,
  publishProblems,
  requiredPerDifficulty,
} from './assessment-plan.ts';
import {
  aiPolicies,
  assessmentRoles,
  assessmentStatuses,
  difficulties,
  programmingLanguages,
  questionSources,
  seniorities,
} from './assessments.schema.ts';
import { defaultDifficultyMix } from './difficulty-mix.ts';

const base: AssessmentContent = {
  title: 'Backend',
  description: '',
  role: 'backend',
  seniority: 'mid',
  durationMinutes: 60,
  languages: ['python', 'typescript'],
  aiPolicy: 'pair_programming',
  integrityMonitoring: true,
  questionPlan: {
    count: 3,
    difficultyMix: { ...defaultDifficultyMix.mid },
    source: 'bank',
    adaptive: true,
    topics: ['graphs'],
    seedIds: [],
  },
};

const fullBank = {
  python: { easy: 10, medium: 10, hard: 10 },
  typescript: { easy: 10, medium: 10, hard: 10 },
  javascript: { easy: 10, medium: 10, hard: 10 },
};

describe('the contract enums', () => {
  it('are the database enums', () => {
    expect([...assessmentRoles]).toEqual(assessmentRoleEnum.enumValues);
    expect([...seniorities]).toEqual(seniorityEnum.enumValues);
    expect([...assessmentStatuses]).toEqual(assessmentStatusEnum.enumValues);
    expect([...aiPolicies]).toEqual(aiPolicyEnum.enumValues);
    expect([...questionSources]).toEqual(questionSourceEnum.enumValues);
    expect([...programmingLanguages]).toEqual(programmingLanguageEnum.enumValues);
    expect([...difficulties]).toEqual(difficultyEnum.enumValues);
  });
});

describe('applyAssessmentUpdate', () => {
  it('moves a default mix with the seniority, keeps a chosen one, and takes a given one', () => {
    expect(applyAssessmentUpdate(base, { seniority: 'staff' }).questionPlan.difficultyMix).toEqual(
      defaultDifficultyMix.staff,
    );
    const custom = {
      ...base,
      questionPlan: { ...base.questionPlan, difficultyMix: { easy: 0, medium: 1, hard: 0 } },
    };
    expect(applyAssessmentUpdate(custom, { seniority: 'staff' }).questionPlan.difficultyMix).toEqual({
      easy: 0,
      medium: 1,
      hard: 0,
    });
    const given = { easy: 0.5, medium: 0.5, hard: 0 };
    expect(
      applyAssessmentUpdate(base, { seniority: 'staff', questionPlan: { difficultyMix: given } }).questionPlan
        .difficultyMix,
    ).toEqual(given);
  });

  it('drops the seeds when the source leaves `seed`', () => {
    const seeded = {
      ...base,
      questionPlan: { ...base.questionPlan, source: 'seed' as const, seedIds: ['s1'] },
    };
    expect(
      applyAssessmentUpdate(seeded, { questionPlan: { source: 'generated' } }).questionPlan.seedIds,
    ).toEqual([]);
    expect(applyAssessmentUpdate(seeded, { title: 'x' }).questionPlan.seedIds).toEqual(['s1']);
  });
});

describe('locks', () => {
  it('names only the locked fields that really change (languages and topics compared as sets)', () => {
    const same = applyAssessmentUpdate(base, {
      languages: ['typescript', 'python'],
      questionPlan: { topics: ['graphs'] },
      title: 'Renamed',
    });
    expect(changedFields(base, same)).toEqual(['title']);
    expect(lockViolations(base, same)).toEqual({ fields: [], durationShrinks: false });

    const changed = applyAssessmentUpdate(base, {
      role: 'data',
      questionPlan: { adaptive: false },
      durationMinutes: 30,
    });
    expect(lockViolations(base, changed)).toEqual({
      fields: ['role', 'questionPlan'],
      durationShrinks: true,
    });
    expect(lockViolations(base, applyAssessmentUpdate(base, { durationMinutes: 90 })).durationShrinks).toBe(
      false,
    );
  });
});

describe('publishProblems', () => {
  it('needs at least one question of each difficulty the mix asks for, rounding up', () => {
    expect(requiredPerDifficulty(3, defaultDifficultyMix.mid)).toEqual({ easy: 1, medium: 2, hard: 1 });
    expect(requiredPerDifficulty(10, defaultDifficultyMix.principal)).toEqual({
      easy: 0,
      medium: 3,
      hard: 7,
    });
    expect(requiredPerDifficulty(1, defaultDifficultyMix.junior)).toEqual({ easy: 1, medium: 1, hard: 1 });
  });

  it('accepts a plan the bank can serve and names what is missing otherwise', () => {
    expect(publishProblems(base, { bankCounts: fullBank, seeds: [] })).toEqual([]);
    const thin = { ...fullBank, typescript: { easy: 10, medium: 1, hard: 10 } };
    expect(publishProblems(base, { bankCounts: thin, seeds: [] })).toEqual([
      {
        path: 'questionPlan.difficultyMix',
        message: 'the bank has 1 medium typescript question(s); this plan needs 2',
      },
    ]);
    // A generated plan does not depend on the bank.
    const generated = { ...base, questionPlan: { ...base.questionPlan, source: 'generated' as const } };
    expect(publishProblems(generated, { bankCounts: {}, seeds: [] })).toEqual([]);
  });

  it('needs enough live seeds covering every language for a seed plan', () => {
    const plan = {
      ...base,
      questionPlan: { ...base.questionPlan, source: 'seed' as const, count: 2, seedIds: ['a', 'b'] },
    };
    const seeds = [
      { id: 'a', languages: ['python' as const], archived: false },
      { id: 'b', languages: ['python' as const, 'typescript' as const], archived: true },
    ];
    expect(publishProblems(plan, { bankCounts: {}, seeds }).map((problem) => problem.message)).toEqual([
      'these problem seeds are archived or do not exist: b',
      'a candidate never gets the same problem twice: 2 questions need 2 problem seeds (there are 1)',
      'no chosen problem seed is offered in typescript',
    ]);
    expect(
      publishProblems(plan, { bankCounts: {}, seeds: seeds.map((seed) => ({ ...seed, archived: false })) }),
    ).toEqual([]);
  });
});

describe('prewarmSlotsOf', () => {
  it('asks for every language and needed difficulty of a generated plan, and nothing otherwise', () => {
    const generated = {
      ...base,
      questionPlan: {
        ...base.questionPlan,
        source: 'generated' as const,
        difficultyMix: defaultDifficultyMix.principal,
      },
    };
    expect(prewarmSlotsOf(generated)).toEqual([
      { difficulty: 'medium', language: 'python', topics: ['graphs'] },
      { difficulty: 'hard', language: 'python', topics: ['graphs'] },
      { difficulty: 'medium', language: 'typescript', topics: ['graphs'] },
      { difficulty: 'hard', language: 'typescript', topics: ['graphs'] },
    ]);
    expect(prewarmSlotsOf(base)).toEqual([]);
  });
});
