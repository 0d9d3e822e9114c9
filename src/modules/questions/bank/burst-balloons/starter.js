function maxCoins(nums) {
  // Return the most coins obtainable by bursting every balloon.
  return 0;
}
