/** Assessments: what a recruiter creates and candidates take (CRUD lands with the accounts issue). */
export { type DifficultyMix, defaultDifficultyMix, type Seniority } from './difficulty-mix.ts';
