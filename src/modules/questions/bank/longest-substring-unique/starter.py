def length_of_longest_substring(s):
    # Return the length of the longest substring of s in which no character repeats.
    return 0
