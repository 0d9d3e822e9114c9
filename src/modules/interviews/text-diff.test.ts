import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySplice, lineStats, spliceBetween } from './text-diff.ts';

describe('text splices', () => {
  it('finds the changed region', () => {
    expect(spliceBetween('def f():\n  return 1\n', 'def f():\n  return 42\n')).toEqual({
      at: 18,
      deleteCount: 1,
      insert: '42',
    });
    expect(spliceBetween('abc', 'abc')).toEqual({ at: 3, deleteCount: 0, insert: '' });
    expect(spliceBetween('', 'x')).toEqual({ at: 0, deleteCount: 0, insert: 'x' });
  });

  it('rebuilds the new text from the old one, for any pair of texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(applySplice(before, spliceBetween(before, after))).toBe(after);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a splice that does not fit', () => {
    expect(() => applySplice('ab', { at: 1, deleteCount: 5, insert: '' })).toThrow(/does not fit/);
  });

  it('counts lines added and removed', () => {
    expect(lineStats('a\nb\n', 'a\nx\ny\n')).toEqual({ added: 2, removed: 1 });
  });
});
