function alienOrder(words) {
  // Return the lexicographically smallest letter order consistent with words, or "" if none exists.
  return '';
}
