function binarySearch(nums, target) {
  // Return the index of target in the sorted array nums, or -1 if it is absent.
  return -1;
}
