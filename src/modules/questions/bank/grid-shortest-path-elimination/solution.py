from collections import deque


def shortest_path(grid, k):
    rows, cols = len(grid), len(grid[0])
    if rows == 1 and cols == 1:
        return 0
    if k >= rows + cols - 2:
        return rows + cols - 2
    # best[r][c]: most eliminations left on any visit of (r, c) so far
    best = [[-1] * cols for _ in range(rows)]
    best[0][0] = k
    queue = deque([(0, 0, k)])
    steps = 0
    while queue:
        steps += 1
        for _ in range(len(queue)):
            r, c, left = queue.popleft()
            for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                nr, nc = r + dr, c + dc
                if not (0 <= nr < rows and 0 <= nc < cols):
                    continue
                remaining = left - grid[nr][nc]
                if remaining < 0 or remaining <= best[nr][nc]:
                    continue
                if nr == rows - 1 and nc == cols - 1:
                    return steps
                best[nr][nc] = remaining
                queue.append((nr, nc, remaining))
    return -1
