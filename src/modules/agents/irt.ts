/**
 * The two-parameter logistic item response model (PRODUCT.md §5): the probability of success,
 * item information, and ability by expected a posteriori (EAP) under a N(0, 1) prior. Pure.
 *
 * Responses are fractions in [0, 1] (the weighted share of hidden tests passed), so the
 * likelihood uses the fractional form p^x (1 - p)^(1 - x), which reduces to the usual Bernoulli
 * likelihood for 0/1 responses.
 */

/** An item's parameters: discrimination `a`, difficulty `b`. */
export interface ItemParameters {
  a: number;
  b: number;
}

/** One answered item. */
export interface ItemResponse extends ItemParameters {
  /** Score in [0, 1]. */
  score: number;
}

/** Ability estimate with its standard error (posterior standard deviation). */
export interface AbilityEstimate {
  theta: number;
  standardError: number;
}

/** Default parameters by difficulty level when an item has not been calibrated. */
export const defaultItemParameters: Record<'easy' | 'medium' | 'hard', ItemParameters> = {
  easy: { a: 1, b: -1 },
  medium: { a: 1, b: 0 },
  hard: { a: 1, b: 1.2 },
};

/** P(success | θ) under 2PL. */
export function probabilityOfSuccess(theta: number, item: ItemParameters): number {
  return 1 / (1 + Math.exp(-item.a * (theta - item.b)));
}

/** Fisher information of an item at θ: a² p (1 − p). */
export function itemInformation(theta: number, item: ItemParameters): number {
  const p = probabilityOfSuccess(theta, item);
  return item.a * item.a * p * (1 - p);
}

/** Quadrature grid for EAP: 81 points over [-4, 4]; fine enough that SEs agree with finer grids to 1e-4. */
const GRID = Array.from({ length: 81 }, (_, index) => -4 + index * 0.1);

/** EAP ability after `responses`; with no responses it is the prior (θ 0, SE 1). */
export function estimateAbility(responses: readonly ItemResponse[]): AbilityEstimate {
  const weights = GRID.map((theta) => {
    let logLikelihood = -(theta * theta) / 2; // N(0, 1) prior, up to a constant
    for (const response of responses) {
      const p = probabilityOfSuccess(theta, response);
      const score = Math.min(1, Math.max(0, response.score));
      // Clamp away from log(0) for extreme items without changing any realistic value.
      logLikelihood +=
        score * Math.log(Math.max(p, 1e-300)) + (1 - score) * Math.log(Math.max(1 - p, 1e-300));
    }
    return logLikelihood;
  });
  const top = Math.max(...weights);
  const posterior = weights.map((logWeight) => Math.exp(logWeight - top));
  const total = posterior.reduce((sum, weight) => sum + weight, 0);
  const theta = GRID.reduce((sum, point, index) => sum + point * (posterior[index] ?? 0), 0) / total;
  const variance =
    GRID.reduce((sum, point, index) => sum + (point - theta) ** 2 * (posterior[index] ?? 0), 0) / total;
  return { theta, standardError: Math.sqrt(variance) };
}
