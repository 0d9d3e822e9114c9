function isValid(s: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const char of s) {
    const opener = pairs[char];
    if (opener !== undefined) {
      if (stack.length === 0 || stack[stack.length - 1] !== opener) return false;
      stack.pop();
    } else {
      stack.push(char);
    }
  }
  return stack.length === 0;
}
