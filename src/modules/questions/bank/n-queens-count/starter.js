function totalNQueens(n) {
  // Return the number of ways to place n queens on an n x n board so that none attack each other.
  return 0;
}
