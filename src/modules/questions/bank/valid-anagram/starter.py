def is_anagram(s, t):
    # Return True when t uses exactly the same letters as s, each the same number of times.
    return False
