function maxCoins(nums: number[]): number {
  // Return the most coins obtainable by bursting every balloon.
  return 0;
}
