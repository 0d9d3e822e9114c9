function lengthOfLongestSubstring(s) {
  // Return the length of the longest substring of s in which no character repeats.
  return 0;
}
