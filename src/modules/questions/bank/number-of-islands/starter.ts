function numIslands(grid: string[][]): number {
  // Return the number of islands: groups of "1" cells connected horizontally or vertically.
  return 0;
}
