def max_sliding_window(nums, k):
    # Return the maximum of every window of k consecutive elements, from left to right.
    return []
