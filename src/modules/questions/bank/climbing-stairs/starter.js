function climbStairs(n) {
  // Return the number of distinct ways to climb n steps taking 1 or 2 steps at a time.
  return 0;
}
