function wordBreak(s: string, words: string[]): string[] {
  // Return every way to split s into dictionary words, each as a space-separated
  // sentence, sorted ascending.
  return [];
}
