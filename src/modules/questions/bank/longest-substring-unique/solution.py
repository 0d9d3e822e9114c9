def length_of_longest_substring(s):
    last_seen = {}
    best = 0
    start = 0
    for index, char in enumerate(s):
        if last_seen.get(char, -1) >= start:
            start = last_seen[char] + 1
        last_seen[char] = index
        best = max(best, index - start + 1)
    return best
