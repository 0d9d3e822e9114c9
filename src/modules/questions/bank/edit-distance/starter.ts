function editDistance(word1: string, word2: string): number {
  // Return the minimum number of single-character inserts, deletes and replacements
  // that turn word1 into word2.
  return 0;
}
