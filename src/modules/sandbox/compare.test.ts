import { describe, expect, it } from 'vitest';
import { valuesMatch } from './compare.ts';

describe('valuesMatch', () => {
  it('compares nested structures deeply, ignoring key order but not array order', () => {
    expect(valuesMatch({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(valuesMatch([1, 2], [2, 1])).toBe(false);
    expect(valuesMatch({ a: 1, extra: 2 }, { a: 1 })).toBe(false);
    expect(valuesMatch({ a: 1 }, { a: 1, missing: 2 })).toBe(false);
    expect(valuesMatch([1, 2, 3], [1, 2])).toBe(false);
  });

  it('tolerates float rounding but not integer differences', () => {
    expect(valuesMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(valuesMatch(1e9 + 0.5, 1e9 + 0.5000001)).toBe(true);
    expect(valuesMatch(0.31, 0.3)).toBe(false);
    expect(valuesMatch(2, 3)).toBe(false);
    expect(valuesMatch(3.0, 3)).toBe(true);
  });

  it('never mixes types', () => {
    expect(valuesMatch('1', 1)).toBe(false);
    expect(valuesMatch(0, false)).toBe(false);
    expect(valuesMatch(null, {})).toBe(false);
    expect(valuesMatch([], {})).toBe(false);
    expect(valuesMatch({}, [])).toBe(false);
    expect(valuesMatch(undefined, null)).toBe(false);
    expect(valuesMatch('héllo ✓', 'héllo ✓')).toBe(true);
  });
});
