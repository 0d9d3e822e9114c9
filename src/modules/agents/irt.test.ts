import { describe, expect, it } from 'vitest';
import {
  estimateAbility,
  expectedPosteriorVariance,
  itemInformation,
  posteriorOnGrid,
  probabilityOfSuccess,
  summarizePosterior,
} from './irt.ts';
import { openDifficulties, selectNextItem } from './question-selection.ts';

describe('2PL model', () => {
  it('matches values computed by hand', () => {
    expect(probabilityOfSuccess(0, { a: 1, b: 0 })).toBe(0.5);
    expect(itemInformation(0, { a: 1, b: 0 })).toBeCloseTo(0.25, 12);
    // a² p(1-p) with p = 0.5 at θ = b
    expect(itemInformation(1, { a: 2, b: 1 })).toBeCloseTo(1, 12);
    // p = 1 / (1 + e^-1) = 0.7310586
    expect(probabilityOfSuccess(1, { a: 1, b: 0 })).toBeCloseTo(0.7310586, 6);
  });

  it('EAP with no answers is the N(0,1) prior', () => {
    const { theta, standardError } = estimateAbility([]);
    expect(theta).toBeCloseTo(0, 9);
    expect(standardError).toBeCloseTo(1, 3);
  });

  it('EAP after one success on a b=0 item equals E[θσ(θ)] / E[σ(θ)] = 2·E[σ(1−σ)] ≈ 0.413', () => {
    // By symmetry E[σ(θ)] = 1/2 under N(0,1), and by Stein's lemma E[θσ(θ)] = E[σ'(θ)] ≈ 0.2066.
    const { theta, standardError } = estimateAbility([{ a: 1, b: 0, score: 1 }]);
    expect(theta).toBeCloseTo(0.4132, 3);
    expect(standardError).toBeLessThan(1);
    expect(estimateAbility([{ a: 1, b: 0, score: 0 }]).theta).toBeCloseTo(-0.4132, 3);
    expect(estimateAbility([{ a: 1, b: 0, score: 0.5 }]).theta).toBeCloseTo(0, 6);
  });

  it('more answers shrink the standard error', () => {
    const few = estimateAbility([{ a: 1, b: 0, score: 1 }]);
    const many = estimateAbility(Array.from({ length: 8 }, () => ({ a: 1.5, b: 0.5, score: 0.5 })));
    expect(many.standardError).toBeLessThan(few.standardError);
  });
});

describe('expected posterior variance', () => {
  // Two equally likely abilities ±1: variance 1.
  const coin = { points: [-1, 1], weights: [0.5, 0.5] };

  it('matches a two-point posterior worked by hand', () => {
    // a = ln 3, b = 0: P(1 | θ=1) = 3/4, P(1 | θ=−1) = 1/4, so P(answer 1) = 1/2. After 1 the
    // weights are 3/4 and 1/4: mean 1/2, variance 1 − 1/4 = 3/4; after 0 the mirror image.
    expect(expectedPosteriorVariance(coin, { a: Math.log(3), b: 0 })).toBeCloseTo(0.75, 12);
    // An item that does not discriminate leaves the variance; one that separates ±1 removes it.
    expect(expectedPosteriorVariance(coin, { a: 0, b: 0 })).toBeCloseTo(1, 12);
    expect(expectedPosteriorVariance(coin, { a: 50, b: 0 })).toBeCloseTo(0, 12);
  });

  it('matches the probit approximation under the N(0, 1) prior', () => {
    // Logistic slope a ≈ probit slope s = a / 1.702; a probit item at c removes
    // s²/(1+s²) · φ(c')² / (Φ(c')(1 − Φ(c'))) of the variance, c' = c·s/√(1+s²).
    // a=1, b=0: s=0.588, 0.257 · 0.637 = 0.164. a=3, b=1.3: s=1.763, c'=1.13, 0.757 · 0.395 = 0.299.
    const prior = posteriorOnGrid([]);
    expect(1 - expectedPosteriorVariance(prior, { a: 1, b: 0 })).toBeCloseTo(0.164, 1);
    expect(1 - expectedPosteriorVariance(prior, { a: 3, b: 1.3 })).toBeCloseTo(0.299, 1);
  });

  it('the grid posterior sums to 1 and summarizes to the EAP', () => {
    const responses = [
      { a: 1.5, b: 0.2, score: 1 },
      { a: 1, b: 1, score: 0.4 },
    ];
    const posterior = posteriorOnGrid(responses);
    expect(posterior.weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 12);
    expect(summarizePosterior(posterior)).toEqual(estimateAbility(responses));
  });
});

describe('question selection', () => {
  const items = [
    { id: 'e1', difficulty: 'easy' as const, a: 1, b: -1 },
    { id: 'm1', difficulty: 'medium' as const, a: 1, b: 0 },
    { id: 'h1', difficulty: 'hard' as const, a: 1, b: 1.2 },
    { id: 'h2', difficulty: 'hard' as const, a: 1, b: 1.5 },
  ];

  it('adaptive selection takes the most informative item when the random draw is 0', () => {
    expect(selectNextItem({ items, theta: 1.2, adaptive: true, random: () => 0 })?.item.id).toBe('h1');
    expect(selectNextItem({ items, theta: -1, adaptive: true, random: () => 0 })?.item.id).toBe('e1');
  });

  it('the random pick stays within the top three', () => {
    const picked = selectNextItem({ items, theta: 1.2, adaptive: true, random: () => 0.99 });
    expect(['h1', 'h2', 'm1']).toContain(picked?.item.id);
    expect(picked?.reason).toContain('θ=1.20');
  });

  it('with the answers, takes the largest expected variance reduction, not the point information', () => {
    // At θ̂ = 0 with no answers yet (the prior): the a=1 item centred on 0 has more Fisher
    // information at 0 (0.25 against 9·p(1−p) = 0.175, p = 1/(1+e^3.9)), but the a=3 item at 1.3
    // is expected to remove 0.29 of the prior variance against 0.17 (previous test).
    const pair = [
      { id: 'centred', difficulty: 'medium' as const, a: 1, b: 0 },
      { id: 'sharp', difficulty: 'hard' as const, a: 3, b: 1.3 },
    ];
    expect(selectNextItem({ items: pair, theta: 0, adaptive: true, random: () => 0 })?.item.id).toBe(
      'centred',
    );
    const chosen = selectNextItem({ items: pair, theta: 0, adaptive: true, random: () => 0, responses: [] });
    expect(chosen?.item.id).toBe('sharp');
    expect(chosen?.information).toBeCloseTo(itemInformation(0, { a: 3, b: 1.3 }), 12);
    expect(chosen?.reason).toContain('expected variance reduction');
    // The randomesque pick ignores the centred item: 0.17 is below 90 % of 0.29.
    expect(
      selectNextItem({ items: pair, theta: 0, adaptive: true, random: () => 0.99, responses: [] })?.item.id,
    ).toBe('sharp');
  });

  it('the answers move the choice: after a success on a hard item, a harder item is worth more', () => {
    const easyAndHard = [
      { id: 'easy', difficulty: 'easy' as const, a: 2, b: -1 },
      { id: 'hard', difficulty: 'hard' as const, a: 2, b: 1 },
    ];
    const responses = [{ a: 2, b: 1, score: 1 }];
    const { theta } = estimateAbility(responses);
    expect(theta).toBeGreaterThan(0.5);
    expect(
      selectNextItem({ items: easyAndHard, theta, adaptive: true, random: () => 0, responses })?.item.id,
    ).toBe('hard');
    const failed = [{ a: 2, b: 1, score: 0 }];
    expect(
      selectNextItem({
        items: easyAndHard,
        theta: estimateAbility(failed).theta,
        adaptive: true,
        random: () => 0,
        responses: failed,
      })?.item.id,
    ).toBe('easy');
  });

  it('fixed order serves the easiest difficulty first', () => {
    expect(selectNextItem({ items, theta: 3, adaptive: false, random: () => 0.5 })?.item.id).toBe('e1');
  });

  it('open difficulties follow the quota', () => {
    expect(openDifficulties({ easy: 1, medium: 2, hard: 0 }, ['easy', 'medium'])).toEqual(['medium']);
    expect(selectNextItem({ items: [], theta: 0, adaptive: true, random: () => 0 })).toBeUndefined();
  });
});
