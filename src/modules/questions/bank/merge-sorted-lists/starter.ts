function mergeSortedLists(first: number[], second: number[]): number[] {
  // Return one ascending list holding every element of first and second.
  return [];
}
