function trapRainWater(heights) {
  // Return the total units of water trapped between the bars after it rains.
  return 0;
}
