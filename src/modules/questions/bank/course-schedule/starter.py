def can_finish(num_courses, prerequisites):
    # Return True when every course can be finished ([a, b] means b must be taken before a).
    return False
