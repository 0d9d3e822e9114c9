function wordSearch(board: string[][], word: string): boolean {
  // Return true when word can be traced through horizontally/vertically adjacent cells, each used at most once.
  return false;
}
