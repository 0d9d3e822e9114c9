def group_anagrams(words):
    # Return the anagram groups: each group sorted, groups ordered by their first word.
    return []
