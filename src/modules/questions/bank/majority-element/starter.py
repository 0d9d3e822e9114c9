def majority_element(nums):
    # Return the value that occurs more than len(nums) / 2 times.
    return 0
