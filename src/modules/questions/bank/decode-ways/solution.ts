function numDecodings(s: string): number {
  let previous = 1;
  let current = s[0] === '0' ? 0 : 1;
  for (let i = 1; i < s.length; i += 1) {
    let ways = s[i] === '0' ? 0 : current;
    const pair = Number(s.slice(i - 1, i + 1));
    if (pair >= 10 && pair <= 26) ways += previous;
    previous = current;
    current = ways;
  }
  return current;
}
