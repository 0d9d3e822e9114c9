function lengthOfLongestSubstring(s: string): number {
  // Return the length of the longest substring of s in which no character repeats.
  return 0;
}
