function coinChange(coins: number[], amount: number): number {
  // Return the fewest coins that add up to amount, or -1 if it cannot be made.
  return 0;
}
