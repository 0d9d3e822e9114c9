function lruCacheOperations(capacity: number, operations: Array<['get', number] | ['put', number, number]>): number[] {
  // Return the results of the "get" operations in order (-1 for a missing key).
  return [];
}
