function totalNQueens(n: number): number {
  const full = (1 << n) - 1;
  const place = (columns: number, leftDiagonals: number, rightDiagonals: number): number => {
    if (columns === full) return 1;
    let count = 0;
    let free = full & ~(columns | leftDiagonals | rightDiagonals);
    while (free !== 0) {
      const bit = free & -free;
      free ^= bit;
      count += place(columns | bit, ((leftDiagonals | bit) << 1) & full, (rightDiagonals | bit) >> 1);
    }
    return count;
  };
  return place(0, 0, 0);
}
