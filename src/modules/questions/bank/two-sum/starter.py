def two_sum(nums, target):
    # Return [i, j] with i < j such that nums[i] + nums[j] == target.
    return []
