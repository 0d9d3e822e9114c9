function spiralOrder(matrix: number[][]): number[] {
  const result: number[] = [];
  if (matrix.length === 0) return result;
  let top = 0;
  let bottom = matrix.length - 1;
  let left = 0;
  let right = matrix[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let col = left; col <= right; col += 1) result.push(matrix[top][col]);
    for (let row = top + 1; row <= bottom; row += 1) result.push(matrix[row][right]);
    if (top < bottom && left < right) {
      for (let col = right - 1; col >= left; col -= 1) result.push(matrix[bottom][col]);
      for (let row = bottom - 1; row > top; row -= 1) result.push(matrix[row][left]);
    }
    top += 1;
    bottom -= 1;
    left += 1;
    right -= 1;
  }
  return result;
}
