import heapq


def network_delay_time(times, n, k):
    graph = [[] for _ in range(n + 1)]
    for source, target, weight in times:
        graph[source].append((target, weight))
    distance = {}
    heap = [(0, k)]
    while heap:
        elapsed, node = heapq.heappop(heap)
        if node in distance:
            continue
        distance[node] = elapsed
        for target, weight in graph[node]:
            if target not in distance:
                heapq.heappush(heap, (elapsed + weight, target))
    return max(distance.values()) if len(distance) == n else -1
