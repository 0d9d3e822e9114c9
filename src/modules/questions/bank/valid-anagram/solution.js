function isAnagram(s, t) {
  if (s.length !== t.length) return false;
  const counts = new Map();
  for (const char of s) counts.set(char, (counts.get(char) ?? 0) + 1);
  for (const char of t) {
    const remaining = counts.get(char) ?? 0;
    if (remaining === 0) return false;
    counts.set(char, remaining - 1);
  }
  return true;
}
