/**
 * The difficulty mix of a question plan, pure. Seniority sets a default mix (PRODUCT.md §2:
 * junior 60/30/10, mid 20/60/20, senior 10/50/40, staff 5/35/60, principal 0/30/70 easy/medium/hard);
 * the wizard shows it as percentages, lets a recruiter override it, and shows how many questions of
 * each difficulty a plan of N questions gets.
 */
import type { Seniority } from '../api/types.ts';

/** Share of easy, medium and hard questions, as fractions that sum to 1. */
export interface DifficultyMix {
  easy: number;
  medium: number;
  hard: number;
}

/** Seniorities in order, with the label the console shows. */
export const seniorityOptions: ReadonlyArray<{ value: Seniority; label: string }> = [
  { value: 'junior', label: 'Junior' },
  { value: 'mid', label: 'Mid-level' },
  { value: 'senior', label: 'Senior' },
  { value: 'staff', label: 'Staff' },
  { value: 'principal', label: 'Principal' },
];

/** The server's defaults (src/modules/assessments/difficulty-mix.ts), as the API applies them. */
export const defaultDifficultyMix: Readonly<Record<Seniority, DifficultyMix>> = {
  junior: { easy: 0.6, medium: 0.3, hard: 0.1 },
  mid: { easy: 0.2, medium: 0.6, hard: 0.2 },
  senior: { easy: 0.1, medium: 0.5, hard: 0.4 },
  staff: { easy: 0.05, medium: 0.35, hard: 0.6 },
  principal: { easy: 0, medium: 0.3, hard: 0.7 },
};

const levels = ['easy', 'medium', 'hard'] as const;

/** Whole percentages of a mix (rounded so that they still add up to 100). */
export function mixToPercents(mix: DifficultyMix): DifficultyMix {
  return apportion(mix, 100);
}

/** The mix `easy/medium/hard` as text: "60 / 30 / 10". */
export function formatMix(mix: DifficultyMix): string {
  const percents = mixToPercents(mix);
  return `${percents.easy} / ${percents.medium} / ${percents.hard}`;
}

/**
 * Percentages typed by a person → a mix for the API, or the problem to fix: each must be a whole
 * number from 0 to 100 and together they must make 100.
 */
export function percentsToMix(
  percents: Record<keyof DifficultyMix, number | string>,
): { ok: true; mix: DifficultyMix } | { ok: false; message: string } {
  const values: Partial<DifficultyMix> = {};
  for (const level of levels) {
    const raw = percents[level];
    const value = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      return { ok: false, message: `The ${level} share must be a whole percentage from 0 to 100` };
    }
    values[level] = value;
  }
  const { easy = 0, medium = 0, hard = 0 } = values;
  const total = easy + medium + hard;
  if (total !== 100) {
    return { ok: false, message: `The shares add up to ${total}%; make them add up to 100%` };
  }
  return { ok: true, mix: { easy: easy / 100, medium: medium / 100, hard: hard / 100 } };
}

/** True when two mixes are the same to within rounding. */
export function sameMix(a: DifficultyMix, b: DifficultyMix): boolean {
  return levels.every((level) => Math.abs(a[level] - b[level]) < 0.001);
}

/**
 * How many of `count` questions each difficulty gets under `mix`: largest remainder, so the counts
 * always add up to `count` (ties go to the harder level, as a plan for a senior role expects).
 */
export function expectedCounts(mix: DifficultyMix, count: number): DifficultyMix {
  return apportion(mix, Math.max(0, Math.floor(count)));
}

function apportion(mix: DifficultyMix, total: number): DifficultyMix {
  const sum = mix.easy + mix.medium + mix.hard;
  if (sum <= 0 || total === 0) return { easy: 0, medium: 0, hard: 0 };
  const exact = levels.map((level) => (mix[level] / sum) * total);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = [2, 1, 0].sort(
    (a, b) => (exact[b] as number) - (floors[b] as number) - ((exact[a] as number) - (floors[a] as number)),
  );
  for (const index of order) {
    if (left <= 0) break;
    floors[index] = (floors[index] as number) + 1;
    left -= 1;
  }
  return { easy: floors[0] as number, medium: floors[1] as number, hard: floors[2] as number };
}
