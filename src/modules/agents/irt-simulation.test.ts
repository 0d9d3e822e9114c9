import { describe, expect, it } from 'vitest';
import {
  adaptiveDesign,
  difficultyOf,
  fixedFormDesign,
  optimalFixedForm,
  productFixedOrderDesign,
  questionsToReach,
  randomFixedForm,
  rmseFloor,
  seededRandom,
  simulate,
  simulateBank,
  standardNormal,
} from './irt-simulation.ts';
import type { SelectableItem } from './question-selection.ts';

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const first = seededRandom(42);
    const again = seededRandom(42);
    const other = seededRandom(43);
    const a = Array.from({ length: 100 }, () => first());
    expect(Array.from({ length: 100 }, () => again())).toEqual(a);
    expect(Array.from({ length: 100 }, () => other())).not.toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('draws uniforms with mean 1/2 and normals with mean 0 and variance 1', () => {
    const random = seededRandom(7);
    const uniforms = Array.from({ length: 20_000 }, () => random());
    expect(uniforms.reduce((sum, value) => sum + value, 0) / uniforms.length).toBeCloseTo(0.5, 2);
    const normals = Array.from({ length: 20_000 }, () => standardNormal(random));
    const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const variance = normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });
});

const bank60 = () => simulateBank({ count: 60, random: seededRandom(31), a: [0.8, 2], b: [-2.5, 2.5] });

describe('bank and forms', () => {
  it('labels difficulties at the midpoints of the defaults', () => {
    expect(difficultyOf(-1)).toBe('easy');
    expect(difficultyOf(-0.5)).toBe('medium');
    expect(difficultyOf(0.59)).toBe('medium');
    expect(difficultyOf(1.2)).toBe('hard');
  });

  it('simulates a deterministic bank within the requested ranges', () => {
    const make = () => simulateBank({ count: 50, random: seededRandom(1), a: [0.8, 2], b: [-2.5, 2.5] });
    const bank = make();
    expect(make()).toEqual(bank);
    expect(new Set(bank.map((item) => item.id)).size).toBe(50);
    expect(bank.every((item) => item.a >= 0.8 && item.a <= 2 && item.b >= -2.5 && item.b <= 2.5)).toBe(true);
    expect(bank.every((item) => item.difficulty === difficultyOf(item.b))).toBe(true);
  });

  it('builds the optimal form from the most discriminating central item, then spreads', () => {
    const bank: SelectableItem[] = [
      { id: 'weak-centre', difficulty: 'medium', a: 1, b: 0 },
      { id: 'strong-centre', difficulty: 'medium', a: 2, b: 0 },
      { id: 'strong-centre-2', difficulty: 'medium', a: 2, b: 0.05 },
      { id: 'strong-low', difficulty: 'easy', a: 2, b: -1 },
      { id: 'strong-high', difficulty: 'hard', a: 2, b: 1 },
      { id: 'far', difficulty: 'hard', a: 2, b: 3.5 },
    ];
    const form = optimalFixedForm(bank, 5);
    expect(form[0]?.id).toBe('strong-centre');
    expect(new Set(form.map((item) => item.id)).size).toBe(5);
    expect(form.map((item) => item.id)).not.toContain('far');
    expect(randomFixedForm(bank, 4, seededRandom(3))).toHaveLength(4);
  });

  it('bounds the RMSE from below by the van Trees floor', () => {
    // Items that do not discriminate add no information: the floor is the prior SD, 1.
    expect(rmseFloor([{ a: 0, b: 0 }], 3)).toBe(1);
    expect(rmseFloor(bank60(), 0)).toBe(1);
    // More questions, or a better bank, can only lower it; it never reaches 0.
    const floors = [1, 3, 5, 8].map((length) => rmseFloor(bank60(), length));
    expect(floors).toEqual([...floors].sort((x, y) => y - x));
    expect(floors[3]).toBeGreaterThan(0.3);
    // One a=2, b=0 item: 1/√(1 + E[4σ(2θ)(1 − σ(2θ))]); E = 0.606 under N(0, 1) (numerical
    // integration, step 0.001: 1 at θ=0, less away), so 1/√1.606 = 0.789.
    expect(rmseFloor([{ a: 2, b: 0 }], 1)).toBeCloseTo(0.789, 2);
  });

  it('interpolates the questions needed to reach a target RMSE', () => {
    expect(questionsToReach([1, 0.8, 0.6, 0.5], 0.7)).toBeCloseTo(1.5, 12);
    expect(questionsToReach([1, 0.8, 0.6, 0.5], 0.6)).toBe(2);
    expect(questionsToReach([1, 0.8, 0.6], 0.5)).toBeUndefined();
  });
});

describe('simulation', () => {
  const bank = simulateBank({ count: 60, random: seededRandom(31), a: [0.8, 2], b: [-2.5, 2.5] });
  const thetaRandom = seededRandom(32);
  const thetas = Array.from({ length: 600 }, () => standardNormal(thetaRandom));

  it('adaptive selection beats the optimal fixed form after 8 questions, with calibrated SEs', () => {
    const run = () =>
      simulate({
        bank,
        thetas,
        designs: [
          adaptiveDesign('adaptive', { exposureControl: true, criterion: 'information' }),
          fixedFormDesign('fixed', optimalFixedForm(bank, 8)),
          fixedFormDesign('random form', randomFixedForm(bank, 8, seededRandom(34))),
        ],
        maxQuestions: 8,
        seed: 33,
      });
    const [adaptive, fixed, random] = run();
    expect(run()).toEqual([adaptive, fixed, random]);
    const adaptiveAt8 = adaptive?.byLength[8];
    const fixedAt8 = fixed?.byLength[8];
    expect(adaptiveAt8?.candidates).toBe(600);
    // Measured 0.416 against 0.456 (random form 0.556); the tails (|θ| > 2) 0.65 against 0.92.
    expect(adaptiveAt8?.rmse).toBeLessThan(0.95 * (fixedAt8?.rmse ?? 0));
    expect(adaptiveAt8?.tailRmse).toBeLessThan(fixedAt8?.tailRmse ?? 0);
    expect(fixedAt8?.rmse).toBeLessThan(random?.byLength[8]?.rmse ?? 0);
    expect(random?.byLength[8]?.rmse).toBeLessThan(adaptive?.byLength[0]?.rmse ?? 0);
    for (const figures of [adaptiveAt8, fixedAt8]) {
      expect(Math.abs((figures?.rmse ?? 0) / (figures?.rmsSe ?? 1) - 1)).toBeLessThan(0.15);
    }
    // No design goes below the van Trees floor.
    expect(rmseFloor(bank, 8)).toBeLessThan(adaptiveAt8?.rmse ?? 0);
    expect(fixed?.maxExposure).toBe(1);
    expect(adaptive?.maxExposure).toBeLessThan(1);
  });

  it('the expected-variance design passes the answers to the selection', () => {
    const seen: number[] = [];
    const design = adaptiveDesign('variance', { exposureControl: false, criterion: 'variance' });
    const spy = {
      name: 'spy',
      next: (state: Parameters<typeof design.next>[0]) => {
        seen.push(state.responses.length);
        expect(state.responses).toHaveLength(state.served.length);
        return design.next(state);
      },
    };
    const [result] = simulate({
      bank,
      thetas: thetas.slice(0, 5),
      designs: [spy],
      maxQuestions: 3,
      seed: 15,
    });
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(result?.byLength[3]?.candidates).toBe(5);
  });

  it('the product order follows the mix and stops when it is served', () => {
    const [result] = simulate({
      bank,
      thetas: thetas.slice(0, 20),
      designs: [productFixedOrderDesign('product', { easy: 2, medium: 1, hard: 1 })],
      maxQuestions: 6,
      seed: 14,
    });
    expect(result?.byLength[4]?.candidates).toBe(20);
    expect(result?.byLength[5]?.candidates).toBe(0);
  });
});
