function groupAnagrams(words: string[]): string[][] {
  // Return the anagram groups: each group sorted, groups ordered by their first word.
  return [];
}
