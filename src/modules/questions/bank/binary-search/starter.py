def binary_search(nums, target):
    # Return the index of target in the sorted list nums, or -1 if it is absent.
    return -1
