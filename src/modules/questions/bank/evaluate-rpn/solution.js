function evalRpn(tokens) {
  const stack = [];
  for (const token of tokens) {
    if (token === '+' || token === '-' || token === '*' || token === '/') {
      const right = stack.pop();
      const left = stack.pop();
      let value;
      if (token === '+') value = left + right;
      else if (token === '-') value = left - right;
      else if (token === '*') value = left * right;
      else value = Math.trunc(left / right);
      stack.push(value === 0 ? 0 : value);
    } else {
      stack.push(Number(token));
    }
  }
  return stack[stack.length - 1];
}
