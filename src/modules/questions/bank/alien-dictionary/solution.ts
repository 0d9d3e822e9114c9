function alienOrder(words: string[]): string {
  const after = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const word of words) {
    for (const letter of word) {
      if (!after.has(letter)) {
        after.set(letter, new Set<string>());
        indegree.set(letter, 0);
      }
    }
  }
  for (let w = 0; w + 1 < words.length; w += 1) {
    const first = words[w];
    const second = words[w + 1];
    const shared = Math.min(first.length, second.length);
    let i = 0;
    while (i < shared && first[i] === second[i]) i += 1;
    if (i === shared) {
      if (first.length > second.length) return '';
      continue;
    }
    const edges = after.get(first[i]) as Set<string>;
    if (!edges.has(second[i])) {
      edges.add(second[i]);
      indegree.set(second[i], (indegree.get(second[i]) ?? 0) + 1);
    }
  }
  // Kahn's algorithm, always taking the smallest ready letter.
  const ready: string[] = [...indegree.keys()].filter((letter) => indegree.get(letter) === 0);
  let order = '';
  while (ready.length > 0) {
    ready.sort();
    const letter = ready.shift() as string;
    order += letter;
    for (const following of after.get(letter) ?? []) {
      const remaining = (indegree.get(following) ?? 0) - 1;
      indegree.set(following, remaining);
      if (remaining === 0) ready.push(following);
    }
  }
  return order.length === after.size ? order : '';
}
