import { describe, expect, it } from 'vitest';
import type { AssessmentView } from '../../api/types.ts';
import {
  effectiveMix,
  firstInvalidStep,
  initialWizardState,
  parseTopics,
  stateFromAssessment,
  stepOfField,
  toCreateBody,
  toUpdateBody,
  validateStep,
  withSeniority,
} from './wizard-model.ts';

const valid = () => ({ ...initialWizardState(), title: 'Backend take-home' });

describe('the assessment wizard', () => {
  it('shows the seniority default mix until the recruiter customizes it', () => {
    const senior = withSeniority(valid(), 'senior');
    expect(effectiveMix(senior)).toEqual({ easy: 0.1, medium: 0.5, hard: 0.4 });
    expect(senior.mixPercents).toEqual({ easy: '10', medium: '50', hard: '40' });
    const custom = { ...senior, customMix: true, mixPercents: { easy: '0', medium: '50', hard: '50' } };
    expect(withSeniority(custom, 'junior').mixPercents).toEqual(custom.mixPercents);
  });

  it('sends the mix only when customized (the server applies the default)', () => {
    expect(toCreateBody(valid()).questionPlan).not.toHaveProperty('difficultyMix');
    const custom = { ...valid(), customMix: true, mixPercents: { easy: '30', medium: '40', hard: '30' } };
    expect(toCreateBody(custom).questionPlan?.difficultyMix).toEqual({ easy: 0.3, medium: 0.4, hard: 0.3 });
  });

  it('checks each step with messages that say what to fix', () => {
    expect(validateStep(initialWizardState(), 0)).toEqual({ title: 'Give the assessment a title' });
    expect(validateStep({ ...valid(), durationMinutes: '4' }, 0).durationMinutes).toMatch(/from 5 to 480/);
    const plan = {
      ...valid(),
      languages: [],
      count: '21',
      source: 'seed' as const,
      customMix: true,
      mixPercents: { easy: '50', medium: '50', hard: '50' },
    };
    expect(validateStep(plan, 1)).toEqual({
      languages: 'Allow at least one language',
      'questionPlan.count': 'From 1 to 20 questions',
      'questionPlan.difficultyMix': 'The shares add up to 150%; make them add up to 100%',
      'questionPlan.seedIds': 'Pick at least one of your problem seeds, or choose another source',
    });
    expect(firstInvalidStep(valid())).toBeUndefined();
    expect(firstInvalidStep({ ...valid(), count: 'x' })).toBe(1);
  });

  it('sends server field errors back to their step', () => {
    expect(stepOfField('title')).toBe(0);
    expect(stepOfField('questionPlan.count')).toBe(1);
    expect(stepOfField('languages')).toBe(1);
    expect(stepOfField('aiPolicy')).toBe(2);
  });

  it('leaves locked fields out of an update', () => {
    const assessment: AssessmentView = {
      id: 'a1',
      organizationId: 'o1',
      title: 'T',
      description: '',
      role: 'backend',
      seniority: 'staff',
      durationMinutes: 90,
      languages: ['python', 'typescript'],
      status: 'published',
      aiPolicy: 'consultant',
      integrityMonitoring: false,
      questionPlan: {
        count: 4,
        difficultyMix: { easy: 0.05, medium: 0.35, hard: 0.6 },
        source: 'bank',
        adaptive: true,
        topics: ['graphs'],
        seedIds: [],
      },
      locked: true,
      lockedFields: ['role', 'seniority', 'languages', 'questionPlan'],
      createdByUserId: null,
      publishedAt: null,
      archivedAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const state = stateFromAssessment(assessment);
    expect(state.customMix).toBe(false);
    expect(state.topics).toBe('graphs');
    expect(toUpdateBody(state, assessment.lockedFields)).toEqual({
      title: 'T',
      description: '',
      durationMinutes: 90,
      aiPolicy: 'consultant',
      integrityMonitoring: false,
    });
    expect(toUpdateBody(state, []).questionPlan?.difficultyMix).toEqual({
      easy: 0.05,
      medium: 0.35,
      hard: 0.6,
    });
  });

  it('cleans topics', () => {
    expect(parseTopics(' Graphs, arrays,,graphs ')).toEqual(['graphs', 'arrays']);
  });
});
