function topKFrequent(nums: number[], k: number): number[] {
  // Return the k most frequent values, by frequency descending, ties by smaller value first.
  return [];
}
