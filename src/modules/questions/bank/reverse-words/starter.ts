function reverseWords(s: string): string {
  // Return the words of s in reverse order, separated by single spaces (no leading/trailing spaces).
  return '';
}
