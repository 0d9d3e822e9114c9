function mergeIntervals(intervals: number[][]): number[][] {
  // Return the merged, non-overlapping intervals [start, end], sorted by start.
  return [];
}
