function coinChange(coins, amount) {
  const unreachable = amount + 1;
  const fewest = new Array(amount + 1).fill(unreachable);
  fewest[0] = 0;
  for (let value = 1; value <= amount; value += 1) {
    for (const coin of coins) {
      if (coin <= value && fewest[value - coin] + 1 < fewest[value]) {
        fewest[value] = fewest[value - coin] + 1;
      }
    }
  }
  return fewest[amount] === unreachable ? -1 : fewest[amount];
}
