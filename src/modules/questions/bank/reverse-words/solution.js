function reverseWords(s) {
  return s
    .split(' ')
    .filter((word) => word.length > 0)
    .reverse()
    .join(' ');
}
