function spiralOrder(matrix: number[][]): number[] {
  // Return every element of matrix in clockwise spiral order, starting at the top-left corner.
  return [];
}
