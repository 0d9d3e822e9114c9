function isValid(s) {
  // Return true if every bracket in s is closed by the same type in the correct order.
  return false;
}
