function isAnagram(s: string, t: string): boolean {
  // Return true when t uses exactly the same letters as s, each the same number of times.
  return false;
}
