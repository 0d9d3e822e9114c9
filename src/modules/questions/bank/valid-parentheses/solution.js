function isValid(s) {
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const char of s) {
    if (char in pairs) {
      if (stack.length === 0 || stack[stack.length - 1] !== pairs[char]) return false;
      stack.pop();
    } else {
      stack.push(char);
    }
  }
  return stack.length === 0;
}
