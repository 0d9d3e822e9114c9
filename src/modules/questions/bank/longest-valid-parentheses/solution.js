function longestValidParentheses(s) {
  const stack = [-1];
  let best = 0;
  for (let index = 0; index < s.length; index += 1) {
    if (s[index] === '(') {
      stack.push(index);
    } else {
      stack.pop();
      if (stack.length > 0) best = Math.max(best, index - stack[stack.length - 1]);
      else stack.push(index);
    }
  }
  return best;
}
