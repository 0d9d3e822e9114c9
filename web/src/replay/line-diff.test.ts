import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DiffLine, diffLines, diffStats, splitLines, toHunks } from './line-diff.ts';

/** Rebuilds both sides from a diff. */
function sides(lines: readonly DiffLine[]): { before: string[]; after: string[] } {
  return {
    before: lines.filter((line) => line.kind !== 'add').map((line) => line.text),
    after: lines.filter((line) => line.kind !== 'del').map((line) => line.text),
  };
}

describe('splitLines', () => {
  it('ignores one final newline and normalizes CRLF', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });
});

describe('diffLines', () => {
  it('marks an inserted line and numbers both sides', () => {
    expect(diffLines('a\nb\nc\n', 'a\nb\nx\nc\n')).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'same', text: 'b', oldLine: 2, newLine: 2 },
      { kind: 'add', text: 'x', newLine: 3 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 4 },
    ]);
  });

  it('marks a changed line as removed then added', () => {
    expect(diffLines('def f():\n    return []\n', 'def f():\n    return [1]\n')).toEqual([
      { kind: 'same', text: 'def f():', oldLine: 1, newLine: 1 },
      { kind: 'del', text: '    return []', oldLine: 2 },
      { kind: 'add', text: '    return [1]', newLine: 2 },
    ]);
  });

  it('handles empty sides', () => {
    expect(diffLines('', 'a\nb')).toEqual([
      { kind: 'add', text: 'a', newLine: 1 },
      { kind: 'add', text: 'b', newLine: 2 },
    ]);
    expect(diffStats(diffLines('a\nb', ''))).toEqual({ added: 0, removed: 2 });
    expect(diffLines('', '')).toEqual([]);
  });

  it('finds a minimal script when lines move', () => {
    const lines = diffLines('a\nb\nc\nd', 'b\nc\nd\na');
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it('falls back to remove-all/add-all when the edit budget is exceeded, still correct', () => {
    const before = Array.from({ length: 50 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 50 }, (_, i) => `new ${i}`).join('\n');
    const lines = diffLines(`head\n${before}\ntail`, `head\n${after}\ntail`, { maxEdits: 10 });
    expect(diffStats(lines)).toEqual({ added: 50, removed: 50 });
    expect(lines[0]).toEqual({ kind: 'same', text: 'head', oldLine: 1, newLine: 1 });
    expect(lines.at(-1)).toEqual({ kind: 'same', text: 'tail', oldLine: 52, newLine: 52 });
  });

  it('always rebuilds both texts, with a minimal number of edits (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', 'x y');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), fc.array(line, { maxLength: 25 }), (a, b) => {
        const lines = diffLines(a.join('\n'), b.join('\n'));
        const rebuilt = sides(lines);
        expect(rebuilt.before).toEqual(splitLines(a.join('\n')));
        expect(rebuilt.after).toEqual(splitLines(b.join('\n')));
        // Minimal: edits = |a| + |b| - 2·LCS.
        const A = splitLines(a.join('\n'));
        const B = splitLines(b.join('\n'));
        const lcs = Array.from({ length: A.length + 1 }, () => new Array<number>(B.length + 1).fill(0));
        for (let i = 1; i <= A.length; i++)
          for (let j = 1; j <= B.length; j++)
            (lcs[i] as number[])[j] =
              A[i - 1] === B[j - 1]
                ? ((lcs[i - 1] as number[])[j - 1] ?? 0) + 1
                : Math.max((lcs[i - 1] as number[])[j] ?? 0, (lcs[i] as number[])[j - 1] ?? 0);
        const { added, removed } = diffStats(lines);
        expect(added + removed).toBe(A.length + B.length - 2 * ((lcs[A.length] as number[])[B.length] ?? 0));
      }),
      { numRuns: 500 },
    );
  });

  it('diffs a few thousand lines quickly enough for a click', () => {
    const before = Array.from({ length: 5_000 }, (_, i) => `line ${i}`);
    const after = [...before];
    after.splice(2_500, 1, 'changed');
    after.push('added');
    const started = performance.now();
    const lines = diffLines(before.join('\n'), after.join('\n'));
    expect(diffStats(lines)).toEqual({ added: 2, removed: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('toHunks', () => {
  it('keeps context around changes and counts the skipped lines', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'L10');
    const hunks = toHunks(diffLines(before, after), 2);
    expect(hunks.map((hunk) => (hunk.kind === 'skipped' ? hunk.count : hunk.lines.length))).toEqual([
      8, 6, 7,
    ]);
    expect(hunks[0]).toEqual({ kind: 'skipped', count: 8 });
  });

  it('returns no line hunks for identical texts', () => {
    expect(toHunks(diffLines('a\nb', 'a\nb'))).toEqual([{ kind: 'skipped', count: 2 }]);
  });
});
