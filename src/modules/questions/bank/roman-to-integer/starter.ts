function romanToInt(s: string): number {
  // Return the integer value of the Roman numeral s.
  return 0;
}
