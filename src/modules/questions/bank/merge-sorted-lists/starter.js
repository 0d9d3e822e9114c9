function mergeSortedLists(first, second) {
  // Return one ascending list holding every element of first and second.
  return [];
}
