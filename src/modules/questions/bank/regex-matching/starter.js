function isMatch(s, p) {
  // Return true if the pattern p (with '.' and '*') matches the whole string s.
  return false;
}
