function lruCacheOperations(capacity, operations) {
  // A Map iterates in insertion order: the first key is the least recently used.
  const cache = new Map();
  const results = [];
  for (const operation of operations) {
    const key = operation[1];
    if (operation[0] === 'get') {
      if (cache.has(key)) {
        const value = cache.get(key);
        cache.delete(key);
        cache.set(key, value);
        results.push(value);
      } else {
        results.push(-1);
      }
    } else {
      cache.delete(key);
      cache.set(key, operation[2]);
      if (cache.size > capacity) cache.delete(cache.keys().next().value);
    }
  }
  return results;
}
