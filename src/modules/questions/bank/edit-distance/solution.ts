function editDistance(word1: string, word2: string): number {
  let previous: number[] = Array.from({ length: word2.length + 1 }, (_, j) => j);
  for (let i = 1; i <= word1.length; i += 1) {
    const current: number[] = new Array<number>(word2.length + 1).fill(0);
    current[0] = i;
    for (let j = 1; j <= word2.length; j += 1) {
      if (word1[i - 1] === word2[j - 1]) current[j] = previous[j - 1];
      else current[j] = 1 + Math.min(previous[j - 1], previous[j], current[j - 1]);
    }
    previous = current;
  }
  return previous[word2.length];
}
