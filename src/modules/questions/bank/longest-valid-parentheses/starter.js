function longestValidParentheses(s) {
  // Return the length of the longest substring of s that is a well-formed parentheses string.
  return 0;
}
