function evalRpn(tokens: string[]): number {
  const stack: number[] = [];
  for (const token of tokens) {
    if (token === '+' || token === '-' || token === '*' || token === '/') {
      const right = stack.pop() as number;
      const left = stack.pop() as number;
      let value: number;
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
