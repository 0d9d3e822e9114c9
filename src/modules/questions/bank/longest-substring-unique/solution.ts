function lengthOfLongestSubstring(s: string): number {
  const lastSeen = new Map<string, number>();
  let best = 0;
  let start = 0;
  for (let index = 0; index < s.length; index += 1) {
    const char = s[index];
    const previous = lastSeen.get(char);
    if (previous !== undefined && previous >= start) start = previous + 1;
    lastSeen.set(char, index);
    best = Math.max(best, index - start + 1);
  }
  return best;
}
