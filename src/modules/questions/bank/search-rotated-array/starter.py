def search_rotated(nums, target):
    # Return the index of target in the rotated sorted list nums, or -1 if it is absent.
    return -1
