function largestRectangleArea(heights) {
  // Return the area of the largest rectangle that fits inside the histogram.
  return 0;
}
