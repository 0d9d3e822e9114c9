function shortestPath(grid: number[][], k: number): number {
  // Return the fewest steps from the top-left to the bottom-right cell eliminating at most k obstacles, or -1.
  return 0;
}
