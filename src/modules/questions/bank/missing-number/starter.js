function missingNumber(nums) {
  // Return the one number in [0, n] that is absent from nums (n = its length).
  return 0;
}
