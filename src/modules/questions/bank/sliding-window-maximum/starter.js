function maxSlidingWindow(nums, k) {
  // Return the maximum of every window of k consecutive elements, from left to right.
  return [];
}
