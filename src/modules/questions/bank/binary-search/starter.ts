function binarySearch(nums: number[], target: number): number {
  // Return the index of target in the sorted array nums, or -1 if it is absent.
  return -1;
}
