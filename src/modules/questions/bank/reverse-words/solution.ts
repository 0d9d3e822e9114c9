function reverseWords(s: string): string {
  return s
    .split(' ')
    .filter((word: string) => word.length > 0)
    .reverse()
    .join(' ');
}
