import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINGERPRINT_VERSION,
  fingerprint,
  K_GRAM,
  kGramHashes,
  normalizedHash,
  normalizeTokens,
  similarity,
  WINDOW,
  winnow,
  withoutFingerprints,
} from './winnowing.ts';

const coinChange = `def coin_change(coins, amount):
    unreachable = amount + 1
    fewest = [0] + [unreachable] * amount
    for value in range(1, amount + 1):
        for coin in coins:
            if coin <= value and fewest[value - coin] + 1 < fewest[value]:
                fewest[value] = fewest[value - coin] + 1
    return fewest[amount] if fewest[amount] != unreachable else -1
`;

// The same program with every identifier renamed, comments added and the layout changed.
const coinChangeDisguised = `def coin_change(c, total):
    # bottom-up dynamic programming over the amounts
    inf = total + 1
    dp = [0] + [inf] * total   # dp[v] = fewest coins for v
    for v in range(1, total + 1):
        for x in c:
            if x <= v and dp[v - x] + 1 < dp[v]:
                dp[v] = dp[v - x]  +  1
    return dp[total] if dp[total] != inf else -1
`;

// Memoized recursion: another approach to the same problem.
const coinChangeRecursive = `from functools import lru_cache

def coin_change(coins, amount):
    @lru_cache(maxsize=None)
    def best(rest):
        if rest == 0:
            return 0
        if rest < 0:
            return float("inf")
        return min((best(rest - coin) + 1 for coin in coins), default=float("inf"))
    answer = best(amount)
    return -1 if answer == float("inf") else answer
`;

// Breadth-first search over the reachable sums: a third approach.
const coinChangeBfs = `def coin_change(coins, amount):
    from collections import deque
    seen = {0}
    queue = deque([(0, 0)])
    while queue:
        total, steps = queue.popleft()
        if total == amount:
            return steps
        for coin in coins:
            nxt = total + coin
            if nxt <= amount and nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, steps + 1))
    return -1
`;

const twoSumTs = `function twoSum(nums: number[], target: number): number[] {
  const seen = new Map<number, number>();
  for (let index = 0; index < nums.length; index += 1) {
    const wanted = target - nums[index];
    if (seen.has(wanted)) return [seen.get(wanted) as number, index];
    seen.set(nums[index], index);
  }
  return [];
}
`;

// Renamed, re-commented, let/const swapped, semicolons dropped, a message string changed.
const twoSumTsDisguised = `/** Finds two indices. */
function findPair(values: number[], goal: number): number[] {
  let lookup = new Map<number, number>()  // value -> index
  for (var i = 0; i < values.length; i += 1) {
    let need = goal - values[i]
    if (lookup.has(need)) return [lookup.get(need) as number, i]
    lookup.set(values[i], i)
  }
  return []
}
`;

describe('normalizeTokens', () => {
  it('erases identifiers, numbers, string contents and comments but keeps keywords and operators (Python)', () => {
    const tokens = normalizeTokens(
      'x = f"hi {name}" + rb\'\\x00\'  # a comment\nprint(a // 2, """doc\nstring""")',
      'python',
    );
    expect(tokens.join(' ')).toBe('V = S + S V ( V // N , S )');
  });

  it('treats // and /* */ as comments, templates as one string, and let/const/var alike (TypeScript)', () => {
    const tokens = normalizeTokens(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source with a template literal, as text
      'const s = `a ${b + `c${d}`} e`; // note\n/* block */ let y = 0.5e3; if (y === s) return',
      'typescript',
    );
    expect(tokens.join(' ')).toBe('var V = S var V = N if ( V === V ) return');
  });

  it('keeps the difference between keywords, so different control flow stays different', () => {
    expect(normalizeTokens('while x: pass', 'python')).not.toEqual(normalizeTokens('if x: pass', 'python'));
  });
});

describe('winnow', () => {
  it('selects the rightmost minimum of each window (the example of Schleimer et al., w = 4)', () => {
    const hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98];
    expect(winnow(hashes, 4)).toEqual([8, 17, 39]);
  });

  it('takes the minimum of a sequence shorter than the window', () => {
    expect(winnow([9, 3, 7], 4)).toEqual([3]);
    expect(winnow([], 4)).toEqual([]);
  });

  it('finds a fingerprint in common whenever two streams share a run of w + k - 1 tokens', () => {
    const token = fc.constantFrom('V', 'N', 'S', '(', ')', '=', '+', 'if', 'for', 'return', ':', ',');
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 30 }),
        fc.array(token, { maxLength: 30 }),
        fc.array(token, { minLength: WINDOW + K_GRAM - 1, maxLength: 20 }),
        fc.array(token, { maxLength: 30 }),
        fc.array(token, { maxLength: 30 }),
        (beforeA, beforeB, shared, afterA, afterB) => {
          const a = winnow(kGramHashes([...beforeA, ...shared, ...afterA]));
          const b = winnow(kGramHashes([...beforeB, ...shared, ...afterB]));
          expect(a.some((value) => b.includes(value))).toBe(true);
        },
      ),
    );
  });
});

describe('fingerprint and similarity', () => {
  it('sees through renamed identifiers, new comments and layout (Python)', () => {
    const a = fingerprint(coinChange, 'python');
    const b = fingerprint(coinChangeDisguised, 'python');
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0.9);
    expect(normalizedHash(coinChange, 'python')).toBe(normalizedHash(coinChangeDisguised, 'python'));
  });

  it('sees through renaming, comments, let/const/var and dropped semicolons (TypeScript)', () => {
    const a = fingerprint(twoSumTs, 'typescript');
    const b = fingerprint(twoSumTsDisguised, 'typescript');
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0.9);
    expect(normalizedHash(twoSumTs, 'typescript')).toBe(normalizedHash(twoSumTsDisguised, 'typescript'));
  });

  it('keeps unrelated solutions of the same problem apart', () => {
    const dp = fingerprint(coinChange, 'python');
    const recursive = fingerprint(coinChangeRecursive, 'python');
    const bfs = fingerprint(coinChangeBfs, 'python');
    expect(similarity(dp, recursive)).toBeLessThan(0.3);
    expect(similarity(dp, bfs)).toBeLessThan(0.3);
    expect(similarity(recursive, bfs)).toBeLessThan(0.3);
    expect(normalizedHash(coinChange, 'python')).not.toBe(normalizedHash(coinChangeBfs, 'python'));
  });

  it('gives a reordered but equivalent program partial similarity and a different hash', () => {
    const original = `def solve(items, limit):
    total = 0
    for item in items:
        if item > limit:
            total += item * 2
    best = max(items) if items else 0
    worst = min(items) if items else 0
    spread = best - worst
    return [total, spread]
`;
    const reordered = `def solve(items, limit):
    best = max(items) if items else 0
    worst = min(items) if items else 0
    spread = best - worst
    total = 0
    for item in items:
        if item > limit:
            total += item * 2
    return [total, spread]
`;
    const score = similarity(fingerprint(original, 'python'), fingerprint(reordered, 'python'));
    expect(score).toBeGreaterThan(0.3);
    expect(score).toBeLessThan(0.9);
    expect(normalizedHash(original, 'python')).not.toBe(normalizedHash(reordered, 'python'));
  });

  it('is deterministic and stable: a change of the scheme must come with a new FINGERPRINT_VERSION', () => {
    expect(fingerprint(coinChange, 'python')).toEqual(fingerprint(coinChange, 'python'));
    const values = fingerprint('def f(a, b):\n    return a + b\n', 'python');
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32)).toBe(true);
    // Pinned output of version w1 (the hash is sha256 of 'def V ( V , V ) : return V + V'); rows stored under it are compared with new ones only while this holds.
    expect(FINGERPRINT_VERSION).toBe('w1');
    expect(values).toEqual([54784156, 966428776, 2363801965]);
    expect(normalizedHash('def f(a, b):\n    return a + b\n', 'python')).toBe(
      'w1:23b20b1db6996bd0af337ee96138c9c1ce82700fba171abcfb10a29fde8a69f1',
    );
  });

  it('similarity is symmetric, 1 for equal sets and 0 for disjoint or empty ones', () => {
    expect(similarity([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(2 / 6, 12);
    expect(similarity([3, 4, 5, 6], [1, 2, 3, 4])).toBeCloseTo(2 / 6, 12);
    expect(similarity([7, 8], [8, 7])).toBe(1);
    expect(similarity([1], [2])).toBe(0);
    expect(similarity([], [])).toBe(0);
  });

  it('removes excluded fingerprints (the shared starter code)', () => {
    expect(withoutFingerprints([1, 2, 3, 4], [2, 4, 9])).toEqual([1, 3]);
  });
});
