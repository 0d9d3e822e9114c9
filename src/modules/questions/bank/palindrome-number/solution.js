function isPalindrome(x) {
  if (x < 0) return false;
  let rest = x;
  let reversed = 0;
  while (rest > 0) {
    reversed = reversed * 10 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return reversed === x;
}
