function reverseWords(s) {
  // Return the words of s in reverse order, separated by single spaces (no leading/trailing spaces).
  return '';
}
