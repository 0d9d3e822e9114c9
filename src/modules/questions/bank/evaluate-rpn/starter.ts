function evalRpn(tokens: string[]): number {
  // Return the integer value of the Reverse Polish Notation expression in tokens
  // (division truncates toward zero).
  return 0;
}
