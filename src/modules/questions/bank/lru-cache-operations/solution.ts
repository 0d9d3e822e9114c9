type Operation = ['get', number] | ['put', number, number];

function lruCacheOperations(capacity: number, operations: Operation[]): number[] {
  // A Map iterates in insertion order: the first key is the least recently used.
  const cache = new Map<number, number>();
  const results: number[] = [];
  for (const operation of operations) {
    const key = operation[1];
    if (operation[0] === 'get') {
      const value = cache.get(key);
      if (value === undefined) {
        results.push(-1);
      } else {
        cache.delete(key);
        cache.set(key, value);
        results.push(value);
      }
    } else {
      cache.delete(key);
      cache.set(key, operation[2]);
      if (cache.size > capacity) {
        const oldest = cache.keys().next().value as number;
        cache.delete(oldest);
      }
    }
  }
  return results;
}
