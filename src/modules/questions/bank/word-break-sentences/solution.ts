function wordBreak(s: string, words: string[]): string[] {
  const dictionary = new Set<string>(words);
  const lengths: number[] = [...new Set<number>(words.map((word) => word.length))];
  const memo = new Map<number, string[]>([[s.length, ['']]]);
  const sentencesFrom = (start: number): string[] => {
    const known = memo.get(start);
    if (known !== undefined) return known;
    const found: string[] = [];
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
