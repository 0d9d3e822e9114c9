function isMatch(s: string, p: string): boolean {
  // Return true if the pattern p (with '.' and '*') matches the whole string s.
  return false;
}
