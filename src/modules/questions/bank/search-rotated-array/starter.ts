function searchRotated(nums: number[], target: number): number {
  // Return the index of target in the rotated sorted array nums, or -1 if it is absent.
  return -1;
}
