import { describe, expect, it } from 'vitest';
import { estimateAbility, itemInformation, probabilityOfSuccess } from './irt.ts';
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

  it('fixed order serves the easiest difficulty first', () => {
    expect(selectNextItem({ items, theta: 3, adaptive: false, random: () => 0.5 })?.item.id).toBe('e1');
  });

  it('open difficulties follow the quota', () => {
    expect(openDifficulties({ easy: 1, medium: 2, hard: 0 }, ['easy', 'medium'])).toEqual(['medium']);
    expect(selectNextItem({ items: [], theta: 0, adaptive: true, random: () => 0 })).toBeUndefined();
  });
});
