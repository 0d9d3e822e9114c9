function minWindow(s: string, t: string): string {
  if (t.length === 0) return '';
  const need = new Map<string, number>();
  for (const char of t) need.set(char, (need.get(char) ?? 0) + 1);
  let missing = t.length;
  let bestStart = 0;
  let bestLength = s.length + 1;
  let left = 0;
  for (let right = 0; right < s.length; right += 1) {
    const char = s[right];
    const count = need.get(char) ?? 0;
    if (count > 0) missing -= 1;
    need.set(char, count - 1);
    while (missing === 0) {
      if (right - left + 1 < bestLength) {
        bestStart = left;
        bestLength = right - left + 1;
      }
      const dropped = s[left];
      const after = (need.get(dropped) ?? 0) + 1;
      need.set(dropped, after);
      if (after > 0) missing += 1;
      left += 1;
    }
  }
  return bestLength > s.length ? '' : s.slice(bestStart, bestStart + bestLength);
}
