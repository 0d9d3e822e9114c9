function maxSlidingWindow(nums: number[], k: number): number[] {
  // Return the maximum of every window of k consecutive elements, from left to right.
  return [];
}
