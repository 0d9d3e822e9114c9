/** The default difficulty mix of each seniority (PRODUCT.md §2), as fractions that sum to 1. */

export type Seniority = 'junior' | 'mid' | 'senior' | 'staff' | 'principal';

/** Share of easy, medium and hard questions. */
export interface DifficultyMix {
  easy: number;
  medium: number;
  hard: number;
}

/** Seniority → default mix: junior 60/30/10, mid 20/60/20, senior 10/50/40, staff 5/35/60, principal 0/30/70. */
export const defaultDifficultyMix: Record<Seniority, DifficultyMix> = {
  junior: { easy: 0.6, medium: 0.3, hard: 0.1 },
  mid: { easy: 0.2, medium: 0.6, hard: 0.2 },
  senior: { easy: 0.1, medium: 0.5, hard: 0.4 },
  staff: { easy: 0.05, medium: 0.35, hard: 0.6 },
  principal: { easy: 0, medium: 0.3, hard: 0.7 },
};
