from collections import deque


def can_finish(num_courses, prerequisites):
    dependents = [[] for _ in range(num_courses)]
    indegree = [0] * num_courses
    for course, required in prerequisites:
        dependents[required].append(course)
        indegree[course] += 1
    ready = deque(course for course in range(num_courses) if indegree[course] == 0)
    taken = 0
    while ready:
        course = ready.popleft()
        taken += 1
        for dependent in dependents[course]:
            indegree[dependent] -= 1
            if indegree[dependent] == 0:
                ready.append(dependent)
    return taken == num_courses
