function rotateMatrix(matrix: number[][]): number[][] {
  // Return a new n x n matrix: matrix rotated 90 degrees clockwise.
  return [];
}
