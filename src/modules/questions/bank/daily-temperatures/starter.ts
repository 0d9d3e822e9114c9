function dailyTemperatures(temperatures: number[]): number[] {
  // Return an array where entry i is the number of days after day i until a warmer
  // temperature, or 0 if there is none.
  return [];
}
