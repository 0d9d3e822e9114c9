function minWindow(s, t) {
  // Return the leftmost shortest substring of s containing every character of t
  // (with multiplicity), or "" when there is none.
  return '';
}
