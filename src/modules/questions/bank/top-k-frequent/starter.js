function topKFrequent(nums, k) {
  // Return the k most frequent values, by frequency descending, ties by smaller value first.
  return [];
}
