function isAnagram(s, t) {
  // Return true when t uses exactly the same letters as s, each the same number of times.
  return false;
}
