function findKthLargest(nums: number[], k: number): number {
  // Return the k-th largest element of nums (counting duplicates, k = 1 is the maximum).
  return 0;
}
