function shortestPath(grid, k) {
  const rows = grid.length;
  const cols = grid[0].length;
  if (rows === 1 && cols === 1) return 0;
  if (k >= rows + cols - 2) return rows + cols - 2;
  // best[r][c]: most eliminations left on any visit of (r, c) so far.
  const best = Array.from({ length: rows }, () => new Array(cols).fill(-1));
  best[0][0] = k;
  let frontier = [[0, 0, k]];
  let steps = 0;
  const moves = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  while (frontier.length > 0) {
    steps += 1;
    const next = [];
    for (const [r, c, left] of frontier) {
      for (const [dr, dc] of moves) {
        const nr = r + dr;
        const nc = c + dc;
        if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
        const remaining = left - grid[nr][nc];
        if (remaining < 0 || remaining <= best[nr][nc]) continue;
        if (nr === rows - 1 && nc === cols - 1) return steps;
        best[nr][nc] = remaining;
        next.push([nr, nc, remaining]);
      }
    }
    frontier = next;
  }
  return -1;
}
