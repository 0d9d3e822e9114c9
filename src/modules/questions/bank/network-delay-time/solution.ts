function networkDelayTime(times: number[][], n: number, k: number): number {
  const graph: Array<Array<[number, number]>> = Array.from({ length: n + 1 }, () => []);
  for (const [source, target, weight] of times) graph[source].push([target, weight]);
  // Binary min-heap of [elapsed, node].
  const heap: Array<[number, number]> = [[0, k]];
  const push = (item: [number, number]): void => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent][0] <= heap[i][0]) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop() as [number, number];
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left][0] < heap[smallest][0]) smallest = left;
        if (right < heap.length && heap[right][0] < heap[smallest][0]) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
        i = smallest;
      }
    }
    return top;
  };
  const distance: number[] = new Array(n + 1).fill(-1);
  let reached = 0;
  let latest = 0;
  while (heap.length > 0) {
    const [elapsed, node] = pop();
    if (distance[node] !== -1) continue;
    distance[node] = elapsed;
    reached += 1;
    latest = Math.max(latest, elapsed);
    for (const [target, weight] of graph[node]) {
      if (distance[target] === -1) push([elapsed + weight, target]);
    }
  }
  return reached === n ? latest : -1;
}
