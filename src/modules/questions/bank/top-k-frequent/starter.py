def top_k_frequent(nums, k):
    # Return the k most frequent values, by frequency descending, ties by smaller value first.
    return []
