function numDecodings(s: string): number {
  // Return the number of ways to decode the digit string s ("1" -> A ... "26" -> Z).
  return 0;
}
