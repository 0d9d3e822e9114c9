/**
 * Which question comes next (PRODUCT.md §5): among eligible candidates, the one with the most
 * Fisher information at the current ability, chosen at random among the top few so the same
 * items are not shown to everyone. Pure: randomness is passed in.
 */
import { type ItemParameters, itemInformation } from './irt.ts';

export type Difficulty = 'easy' | 'medium' | 'hard';

/** A question that could be served next. */
export interface SelectableItem extends ItemParameters {
  id: string;
  difficulty: Difficulty;
}

/** The outcome: the chosen item and why, for the `agent.decision` event. */
export interface Selection<T extends SelectableItem> {
  item: T;
  information: number;
  /** A sentence for the replay (never shown to the candidate). */
  reason: string;
  consideredCount: number;
}

/** How many of the most informative items the random pick ranges over. */
export const EXPOSURE_TOP_K = 3;
/**
 * Only items within this share of the best information take part in the random pick: exposure is
 * spread among near-equals without serving a clearly weaker item (bench/irt measured the plain
 * top-3 pick costing 0.2–0.3 questions of precision over 8).
 */
export const EXPOSURE_MIN_INFORMATION_SHARE = 0.9;

/**
 * Difficulties that may still be served: each has at most `quota[d]` questions in the session
 * (the assessment's mix turned into counts), `served` counts what was already served.
 */
export function openDifficulties(
  quota: Record<Difficulty, number>,
  served: readonly Difficulty[],
): Difficulty[] {
  return (['easy', 'medium', 'hard'] as const).filter(
    (difficulty) => served.filter((level) => level === difficulty).length < quota[difficulty],
  );
}

/**
 * Picks the next item. `adaptive` false serves the easiest open difficulty first (a fixed order
 * by difficulty, then by id) so non-adaptive assessments are the same for every candidate.
 */
export function selectNextItem<T extends SelectableItem>(options: {
  items: readonly T[];
  theta: number;
  adaptive: boolean;
  random: () => number;
}): Selection<T> | undefined {
  const { items, theta } = options;
  if (items.length === 0) return undefined;
  if (!options.adaptive) {
    const order: Record<Difficulty, number> = { easy: 0, medium: 1, hard: 2 };
    const [first] = [...items].sort(
      (x, y) => order[x.difficulty] - order[y.difficulty] || x.id.localeCompare(y.id),
    );
    if (!first) return undefined;
    return {
      item: first,
      information: itemInformation(theta, first),
      reason: `fixed order: the easiest open difficulty (${first.difficulty})`,
      consideredCount: items.length,
    };
  }
  const ranked = items
    .map((item) => ({ item, information: itemInformation(theta, item) }))
    .sort((x, y) => y.information - x.information || x.item.id.localeCompare(y.item.id));
  const best = ranked[0]?.information ?? 0;
  const top = ranked
    .slice(0, EXPOSURE_TOP_K)
    .filter((entry) => entry.information >= EXPOSURE_MIN_INFORMATION_SHARE * best);
  const pick = top[Math.min(top.length - 1, Math.floor(options.random() * top.length))];
  if (!pick) return undefined;
  return {
    item: pick.item,
    information: pick.information,
    reason:
      `maximum information at θ=${theta.toFixed(2)}: ${pick.item.difficulty} item (b=${pick.item.b.toFixed(2)}, ` +
      `I=${pick.information.toFixed(3)}), picked at random among the ${top.length} within ${Math.round(EXPOSURE_MIN_INFORMATION_SHARE * 100)} % of the best of ${items.length}`,
    consideredCount: items.length,
  };
}
