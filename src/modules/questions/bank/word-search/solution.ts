function wordSearch(board: string[][], word: string): boolean {
  const rows = board.length;
  const cols = rows > 0 ? board[0].length : 0;
  if (word.length > rows * cols) return false;
  const available = new Map<string, number>();
  for (const row of board) for (const letter of row) available.set(letter, (available.get(letter) ?? 0) + 1);
  const needed = new Map<string, number>();
  for (const letter of word) needed.set(letter, (needed.get(letter) ?? 0) + 1);
  for (const [letter, count] of needed) if ((available.get(letter) ?? 0) < count) return false;
  // Start from the rarer end to prune the search early.
  let target = word;
  if ((available.get(word[word.length - 1]) ?? 0) < (available.get(word[0]) ?? 0)) {
    target = [...word].reverse().join('');
  }
  const used: boolean[][] = Array.from({ length: rows }, () => new Array<boolean>(cols).fill(false));
  const search = (r: number, c: number, index: number): boolean => {
    if (r < 0 || r >= rows || c < 0 || c >= cols || used[r][c] || board[r][c] !== target[index]) return false;
    if (index === target.length - 1) return true;
    used[r][c] = true;
    const found =
      search(r + 1, c, index + 1) ||
      search(r - 1, c, index + 1) ||
      search(r, c + 1, index + 1) ||
      search(r, c - 1, index + 1);
    used[r][c] = false;
    return found;
  };
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      if (search(r, c, 0)) return true;
    }
  }
  return false;
}
