function canFinish(numCourses: number, prerequisites: number[][]): boolean {
  const dependents: number[][] = Array.from({ length: numCourses }, () => []);
  const indegree: number[] = new Array(numCourses).fill(0);
  for (const [course, required] of prerequisites) {
    dependents[required].push(course);
    indegree[course] += 1;
  }
  const ready: number[] = [];
  for (let course = 0; course < numCourses; course += 1) {
    if (indegree[course] === 0) ready.push(course);
  }
  let taken = 0;
  while (taken < ready.length) {
    const course = ready[taken];
    taken += 1;
    for (const dependent of dependents[course]) {
      indegree[dependent] -= 1;
      if (indegree[dependent] === 0) ready.push(dependent);
    }
  }
  return taken === numCourses;
}
