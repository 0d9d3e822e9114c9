function alienOrder(words: string[]): string {
  // Return the lexicographically smallest letter order consistent with words, or "" if none exists.
  return '';
}
