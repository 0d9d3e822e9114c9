function wordBreak(s, words) {
  const dictionary = new Set(words);
  const lengths = [...new Set(words.map((word) => word.length))];
  const memo = new Map([[s.length, ['']]]);
  const sentencesFrom = (start) => {
    const known = memo.get(start);
    if (known !== undefined) return known;
    const found = [];
    for (const length of lengths) {
      if (start + length > s.length) continue;
      const word = s.slice(start, start + length);
      if (!dictionary.has(word)) continue;
      for (const rest of sentencesFrom(start + length)) {
        found.push(rest === '' ? word : `${word} ${rest}`);
      }
    }
    memo.set(start, found);
    return found;
  };
  return [...sentencesFrom(0)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
