function findMedianSortedArrays(nums1, nums2) {
  // Return the median of all values of nums1 and nums2 together, as a number.
  return 0;
}
