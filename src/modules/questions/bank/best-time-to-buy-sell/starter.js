function maxProfit(prices) {
  // Return the largest prices[j] - prices[i] with i < j, or 0 when no trade makes a profit.
  return 0;
}
