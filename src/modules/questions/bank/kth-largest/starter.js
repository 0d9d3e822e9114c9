function findKthLargest(nums, k) {
  // Return the k-th largest element of nums (counting duplicates, k = 1 is the maximum).
  return 0;
}
