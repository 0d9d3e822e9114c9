/**
 * A simulation of adaptive testing under the 2PL model (PRODUCT.md §5), for `bench/irt.bench.ts`:
 * a seeded item bank, simulated candidates with a known θ, and designs — adaptive selection or a
 * fixed test form — run side by side on the same candidates with the same random responses
 * (common random numbers: candidate c answers item i from the same uniform draws whichever design
 * served it), so the comparison is paired. Ability is estimated with the product's own
 * `estimateAbility` and items chosen with its own `selectNextItem`. Pure and deterministic for a
 * given seed.
 */
import {
  estimateAbility,
  type ItemParameters,
  type ItemResponse,
  itemInformation,
  probabilityOfSuccess,
} from './irt.ts';
import {
  type Difficulty,
  openDifficulties,
  type SelectableItem,
  selectNextItem,
} from './question-selection.ts';

/** A deterministic generator of uniforms in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(random: () => number): number {
  const u = 1 - random(); // in (0, 1], so the log is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The level an item of difficulty `b` is labelled with: the nearest default (easy −1, medium 0, hard 1.2). */
export function difficultyOf(b: number): Difficulty {
  if (b < -0.5) return 'easy';
  return b < 0.6 ? 'medium' : 'hard';
}

/** A bank of `count` items with a ~ U(a) and b ~ U(b), labelled by `difficultyOf`. */
export function simulateBank(options: {
  count: number;
  random: () => number;
  a: readonly [number, number];
  b: readonly [number, number];
}): SelectableItem[] {
  const width = String(options.count).length;
  return Array.from({ length: options.count }, (_, index) => {
    const a = options.a[0] + (options.a[1] - options.a[0]) * options.random();
    const b = options.b[0] + (options.b[1] - options.b[0]) * options.random();
    return { id: `item-${String(index + 1).padStart(width, '0')}`, difficulty: difficultyOf(b), a, b };
  });
}

/** Chooses the next item for one candidate, from the items not yet served. */
export interface Design {
  name: string;
  next(state: {
    available: readonly SelectableItem[];
    served: readonly SelectableItem[];
    /** The answers to `served`, in order: what θ̂ was estimated from. */
    responses: readonly ItemResponse[];
    theta: number;
    random: () => number;
  }): SelectableItem | undefined;
}

/**
 * The product's adaptive selection: `selectNextItem` with `adaptive: true` at the current θ̂.
 * `criterion` 'variance' passes the answers so far (minimum expected posterior variance),
 * 'information' does not (Fisher information at θ̂). `exposureControl` false passes a random
 * source that always draws 0, i.e. always the single best item; `quota` restricts the pick to the
 * difficulties the assessment's mix leaves open.
 */
export function adaptiveDesign(
  name: string,
  options: {
    exposureControl: boolean;
    criterion: 'variance' | 'information';
    quota?: Record<Difficulty, number>;
  },
): Design {
  return {
    name,
    next: ({ available, served, responses, theta, random }) => {
      const items = options.quota ? openItems(available, served, options.quota) : available;
      return selectNextItem({
        items,
        theta,
        adaptive: true,
        random: options.exposureControl ? random : () => 0,
        ...(options.criterion === 'variance' ? { responses } : {}),
      })?.item;
    },
  };
}

/** The product's non-adaptive order: `selectNextItem` with `adaptive: false` under the mix `quota`. */
export function productFixedOrderDesign(name: string, quota: Record<Difficulty, number>): Design {
  return {
    name,
    next: ({ available, served, theta, random }) =>
      selectNextItem({ items: openItems(available, served, quota), theta, adaptive: false, random })?.item,
  };
}

/** The same test form, in the same order, for every candidate. */
export function fixedFormDesign(name: string, form: readonly SelectableItem[]): Design {
  return { name, next: ({ served }) => form[served.length] };
}

function openItems(
  available: readonly SelectableItem[],
  served: readonly SelectableItem[],
  quota: Record<Difficulty, number>,
): SelectableItem[] {
  const open = new Set(
    openDifficulties(
      quota,
      served.map((item) => item.difficulty),
    ),
  );
  return available.filter((item) => open.has(item.difficulty));
}

/** Quadrature over the N(0, 1) population for designing fixed forms. */
const POPULATION = Array.from({ length: 81 }, (_, index) => {
  const theta = -4 + index * 0.1;
  return { theta, weight: Math.exp(-(theta * theta) / 2) };
});

/**
 * The best fixed form we know how to build without seeing answers: greedy Bayesian D-optimal for
 * the N(0, 1) population. Each next item maximizes E_θ[log(1 + test information at θ)] — the
 * expected log posterior precision (prior precision 1) — given the items already on the form, so
 * every prefix of the form is itself a good short form: the first item is the most discriminating
 * one near b = 0, later ones spread over b as information piles up in the middle.
 */
export function optimalFixedForm(bank: readonly SelectableItem[], length: number): SelectableItem[] {
  const precision = POPULATION.map(() => 1);
  const remaining = [...bank];
  const form: SelectableItem[] = [];
  while (form.length < length && remaining.length > 0) {
    let bestIndex = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    remaining.forEach((item, index) => {
      const value = POPULATION.reduce(
        (sum, point, at) =>
          sum + point.weight * Math.log((precision[at] ?? 1) + itemInformation(point.theta, item)),
        0,
      );
      if (value > bestValue) {
        bestValue = value;
        bestIndex = index;
      }
    });
    const [chosen] = remaining.splice(bestIndex, 1);
    if (!chosen) break;
    form.push(chosen);
    POPULATION.forEach((point, at) => {
      precision[at] = (precision[at] ?? 1) + itemInformation(point.theta, chosen);
    });
  }
  return form;
}

/**
 * A floor no design can beat: the van Trees (Bayesian Cramér–Rao) inequality, E[(θ̂ − θ)²] ≥
 * 1 / (E_θ[I(θ)] + 1) for any estimator under a N(0, 1) prior (prior information 1), where I(θ)
 * is the Fisher information of the whole test. An adaptive test of `length` items collects at most
 * the sum of the `length` most informative items of the bank at the true θ, so the RMSE of any
 * selection rule, adaptive or fixed, after `length` questions is at least
 * 1 / √(1 + E_θ~N(0,1)[that sum]). It is not attainable: it assumes every item is the best one
 * for a θ that is not yet known. (0/1 responses.)
 */
export function rmseFloor(bank: readonly ItemParameters[], length: number): number {
  let total = 0;
  let weights = 0;
  for (const point of POPULATION) {
    const best = bank
      .map((item) => itemInformation(point.theta, item))
      .sort((x, y) => y - x)
      .slice(0, length)
      .reduce((sum, information) => sum + information, 0);
    total += point.weight * best;
    weights += point.weight;
  }
  return 1 / Math.sqrt(1 + total / weights);
}

/** `length` distinct items drawn at random (one form, then shared by everyone). */
export function randomFixedForm(
  bank: readonly SelectableItem[],
  length: number,
  random: () => number,
): SelectableItem[] {
  const pool = [...bank];
  const form: SelectableItem[] = [];
  while (form.length < length && pool.length > 0) {
    const [item] = pool.splice(Math.floor(random() * pool.length), 1);
    if (item) form.push(item);
  }
  return form;
}

/** Precision figures of one design after a given number of questions. */
export interface LengthFigures {
  questions: number;
  /** Candidates who reached this many questions (a design under a quota may stop early). */
  candidates: number;
  /** √mean (θ̂ − θ)². */
  rmse: number;
  /** mean (θ̂ − θ). */
  bias: number;
  /** Mean reported standard error. */
  meanSe: number;
  /** √mean SE²: what RMSE should equal when the reported SE is calibrated. */
  rmsSe: number;
  /** Share of candidates with |θ̂ − θ| ≤ 1.96 SE. */
  coverage95: number;
  /** Candidates with |θ| > 2 among them. */
  tailCandidates: number;
  /** RMSE among candidates with |θ| > 2 (NaN if none). */
  tailRmse: number;
}

/** One design's figures, index = number of questions answered (0 = the prior). */
export interface DesignResult {
  name: string;
  byLength: LengthFigures[];
  /** Share of candidates who saw the most-served item within their first `exposureAfter` questions. */
  maxExposure: number;
}

/**
 * Runs every design on every candidate (θ known) for up to `maxQuestions` questions. A response is
 * the mean of `testsPerQuestion` Bernoulli(P(θ)) draws: 1 is the classic 0/1 response, more is the
 * product's fraction of hidden tests passed (tests independent given θ).
 */
export function simulate(options: {
  bank: readonly SelectableItem[];
  thetas: readonly number[];
  designs: readonly Design[];
  maxQuestions: number;
  testsPerQuestion?: number;
  exposureAfter?: number;
  seed: number;
}): DesignResult[] {
  const tests = options.testsPerQuestion ?? 1;
  const exposureAfter = options.exposureAfter ?? options.maxQuestions;
  const position = new Map(options.bank.map((item, index) => [item.id, index]));
  const responses = seededRandom(options.seed);
  const blank = () => ({ count: 0, sq: 0, err: 0, se: 0, se2: 0, covered: 0, tailCount: 0, tailSq: 0 });
  const sums = options.designs.map(() => Array.from({ length: options.maxQuestions + 1 }, blank));
  const exposure = options.designs.map(() => new Map<string, number>());

  options.thetas.forEach((theta, candidate) => {
    // The uniforms behind this candidate's answer to every item, shared by all designs.
    const draws = Float64Array.from({ length: options.bank.length * tests }, () => responses());
    options.designs.forEach((design, d) => {
      // Selection draws of its own per candidate and design: independent of how long others ran.
      const random = seededRandom(options.seed + 7_919 * (d + 1) + 104_729 * (candidate + 1));
      const served: SelectableItem[] = [];
      const answered: ItemResponse[] = [];
      let available = [...options.bank];
      let estimate = estimateAbility([]);
      const record = (questions: number) => {
        const entry = sums[d]?.[questions];
        if (!entry) return;
        const error = estimate.theta - theta;
        entry.count += 1;
        entry.sq += error * error;
        entry.err += error;
        entry.se += estimate.standardError;
        entry.se2 += estimate.standardError ** 2;
        if (Math.abs(error) <= 1.96 * estimate.standardError) entry.covered += 1;
        if (Math.abs(theta) > 2) {
          entry.tailCount += 1;
          entry.tailSq += error * error;
        }
      };
      record(0);
      for (let step = 1; step <= options.maxQuestions; step += 1) {
        const item = design.next({
          available,
          served,
          responses: answered,
          theta: estimate.theta,
          random,
        });
        if (!item) break;
        const at = position.get(item.id) ?? 0;
        const p = probabilityOfSuccess(theta, item);
        let passed = 0;
        for (let test = 0; test < tests; test += 1) if ((draws[at * tests + test] ?? 1) < p) passed += 1;
        served.push(item);
        available = available.filter((other) => other.id !== item.id);
        answered.push({ a: item.a, b: item.b, score: passed / tests });
        estimate = estimateAbility(answered);
        record(step);
        if (step <= exposureAfter) {
          const seen = exposure[d];
          seen?.set(item.id, (seen.get(item.id) ?? 0) + 1);
        }
      }
    });
  });

  return options.designs.map((design, d) => ({
    name: design.name,
    byLength: (sums[d] ?? []).map((entry, questions) => ({
      questions,
      candidates: entry.count,
      rmse: Math.sqrt(entry.sq / entry.count),
      bias: entry.err / entry.count,
      meanSe: entry.se / entry.count,
      rmsSe: Math.sqrt(entry.se2 / entry.count),
      coverage95: entry.covered / entry.count,
      tailCandidates: entry.tailCount,
      tailRmse: Math.sqrt(entry.tailSq / entry.tailCount),
    })),
    maxExposure: Math.max(0, ...(exposure[d]?.values() ?? [])) / options.thetas.length,
  }));
}

/**
 * Questions needed for RMSE to reach `target`, interpolated linearly between whole questions
 * (`rmse[n]` after n questions, `rmse[0]` the prior); undefined if it never does.
 */
export function questionsToReach(rmse: readonly number[], target: number): number | undefined {
  for (let n = 1; n < rmse.length; n += 1) {
    const current = rmse[n] ?? Number.NaN;
    if (current <= target) {
      const previous = rmse[n - 1] ?? Number.NaN;
      if (!(previous > target) || previous === current) return n;
      return n - 1 + (previous - target) / (previous - current);
    }
  }
  return undefined;
}
