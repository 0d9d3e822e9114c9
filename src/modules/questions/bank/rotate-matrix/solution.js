function rotateMatrix(matrix) {
  const n = matrix.length;
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => matrix[n - 1 - c][r]));
}
