function canFinish(numCourses, prerequisites) {
  // Return true when every course can be finished ([a, b] means b must be taken before a).
  return false;
}
