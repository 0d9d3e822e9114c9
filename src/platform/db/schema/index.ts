// The whole database schema; drizzle-kit reads this entry (drizzle.config.ts) to generate migrations.
export * from './accounts.ts';
export * from './assessments.ts';
export * from './billing.ts';
export * from './candidates.ts';
export * from './enums.ts';
export * from './evaluations.ts';
export * from './interviews.ts';
export * from './operations.ts';
export * from './questions.ts';
export type * from './types.ts';
