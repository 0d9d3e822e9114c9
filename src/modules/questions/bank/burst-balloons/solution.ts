function maxCoins(nums: number[]): number {
  const values: number[] = [1, ...nums, 1];
  const size = values.length;
  // best[left][right]: most coins from bursting every balloon strictly between left and right.
  const best: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let gap = 2; gap < size; gap += 1) {
    for (let left = 0; left + gap < size; left += 1) {
      const right = left + gap;
      const edge = values[left] * values[right];
      let top = 0;
      for (let last = left + 1; last < right; last += 1) {
        top = Math.max(top, best[left][last] + best[last][right] + edge * values[last]);
      }
      best[left][right] = top;
    }
  }
  return best[0][size - 1];
}
