function summaryRanges(nums) {
  // Return the runs of consecutive values as strings: "a->b" for a run of several, "a" for one.
  return [];
}
