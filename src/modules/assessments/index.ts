/** Assessments: what a recruiter creates and candidates take, and the organization's problem seeds. */

export {
  type AssessmentContent,
  type PlanSlotRequest,
  prewarmSlotsOf,
  requiredPerDifficulty,
} from './assessment-plan.ts';
export { markAssessmentStarted } from './assessments.repository.ts';
export { type AssessmentRouteOptions, registerAssessmentRoutes } from './assessments.routes.ts';
export {
  type AssessmentCreate,
  AssessmentSchema,
  type AssessmentStatus,
  type AssessmentUpdate,
  type AssessmentView,
  lockableFields,
  type QuestionPlan,
} from './assessments.schema.ts';
export {
  type ActingContext,
  type AssessmentService,
  createAssessmentService,
  type OnAssessmentPublished,
} from './assessments.service.ts';
export { type DifficultyMix, defaultDifficultyMix, type Seniority } from './difficulty-mix.ts';
export { SeedSchema, type SeedView } from './seeds.schema.ts';
export { createSeedService, type SeedService } from './seeds.service.ts';
