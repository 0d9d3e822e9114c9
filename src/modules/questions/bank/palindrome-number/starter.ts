function isPalindrome(x: number): boolean {
  // Return true if the integer x reads the same forwards and backwards.
  return false;
}
