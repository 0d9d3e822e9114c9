def min_window(s, t):
    if not t:
        return ""
    need = {}
    for char in t:
        need[char] = need.get(char, 0) + 1
    missing = len(t)
    best_start, best_length = 0, len(s) + 1
    left = 0
    for right, char in enumerate(s):
        if need.get(char, 0) > 0:
            missing -= 1
        need[char] = need.get(char, 0) - 1
        while missing == 0:
            if right - left + 1 < best_length:
                best_start, best_length = left, right - left + 1
            need[s[left]] += 1
            if need[s[left]] > 0:
                missing += 1
            left += 1
    if best_length > len(s):
        return ""
    return s[best_start:best_start + best_length]
