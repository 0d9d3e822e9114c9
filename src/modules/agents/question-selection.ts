/**
 * Which question comes next (PRODUCT.md §5). Adaptive selection takes, among eligible candidates,
 * the item with the most Fisher information at the current ability or, when the answers so far
 * are passed, the item expected to shrink the posterior of θ the most; either way at random among
 * the top few near-equals so the same items are not shown to everyone. Pure: randomness is passed in.
 */
import {
  expectedPosteriorVariance,
  type ItemParameters,
  type ItemResponse,
  itemInformation,
  posteriorOnGrid,
  summarizePosterior,
} from './irt.ts';

export type Difficulty = 'easy' | 'medium' | 'hard';

/** A question that could be served next. */
export interface SelectableItem extends ItemParameters {
  id: string;
  difficulty: Difficulty;
}

/** The outcome: the chosen item and why, for the `agent.decision` event. */
export interface Selection<T extends SelectableItem> {
  item: T;
  /** Fisher information of the item at θ. */
  information: number;
  /** A sentence for the replay (never shown to the candidate). */
  reason: string;
  consideredCount: number;
}

/** How many of the best items the random pick ranges over (randomesque, Kingsbury & Zara 1989). */
export const EXPOSURE_TOP_K = 3;
/**
 * Only items whose value (Fisher information, or expected variance reduction when the answers are
 * known) is within this share of the best take part in the random pick: exposure is spread among
 * near-equals without serving a clearly weaker item. bench/irt measures what it costs.
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
 *
 * Adaptive with `responses` (the scored answers so far, those θ was estimated from): the item
 * with the largest expected reduction of the posterior variance, Var(θ | answers) −
 * E[Var(θ | answers, next answer)] (van der Linden 1998). Unlike Fisher information at the point
 * θ̂, it weighs every θ the posterior still allows, which matters for the first questions when θ̂
 * is uncertain, and it is what the EAP's error after the next answer depends on. Without
 * `responses`: Fisher information at `theta` (what the callers use today). bench/irt found the
 * two within noise of each other for 8-question tests (0.705 against 0.708 of the fixed form's
 * questions, median of 5 banks), so the callers need not pass `responses`.
 */
export function selectNextItem<T extends SelectableItem>(options: {
  items: readonly T[];
  theta: number;
  adaptive: boolean;
  random: () => number;
  responses?: readonly ItemResponse[];
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
  const value = criterionAt(theta, options.responses);
  const ranked = items
    .map((item) => ({ item, value: value.of(item) }))
    .sort((x, y) => y.value - x.value || x.item.id.localeCompare(y.item.id));
  const best = ranked[0]?.value ?? 0;
  const top = ranked
    .slice(0, EXPOSURE_TOP_K)
    .filter((entry) => entry.value >= EXPOSURE_MIN_INFORMATION_SHARE * best);
  const pick = top[Math.min(top.length - 1, Math.floor(options.random() * top.length))];
  if (!pick) return undefined;
  const { item } = pick;
  return {
    item,
    information: itemInformation(theta, item),
    reason:
      `${value.label} at θ=${theta.toFixed(2)}: ${item.difficulty} item (b=${item.b.toFixed(2)}, ` +
      `${value.describe(pick.value)}), picked at random among the ${top.length} within ${Math.round(EXPOSURE_MIN_INFORMATION_SHARE * 100)} % of the best of ${items.length}`,
    consideredCount: items.length,
  };
}

/** The adaptive criterion: larger is better. */
function criterionAt(
  theta: number,
  responses: readonly ItemResponse[] | undefined,
): { label: string; of(item: ItemParameters): number; describe(value: number): string } {
  if (!responses) {
    return {
      label: 'maximum information',
      of: (item) => itemInformation(theta, item),
      describe: (value) => `I=${value.toFixed(3)}`,
    };
  }
  const posterior = posteriorOnGrid(responses);
  const variance = summarizePosterior(posterior).standardError ** 2;
  return {
    label: 'largest expected variance reduction',
    of: (item) => variance - expectedPosteriorVariance(posterior, item),
    describe: (value) =>
      `SE ${Math.sqrt(variance).toFixed(2)} → ${Math.sqrt(Math.max(0, variance - value)).toFixed(2)} expected`,
  };
}
