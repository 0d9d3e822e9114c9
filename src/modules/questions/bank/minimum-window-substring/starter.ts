function minWindow(s: string, t: string): string {
  // Return the leftmost shortest substring of s containing every character of t
  // (with multiplicity), or "" when there is none.
  return '';
}
