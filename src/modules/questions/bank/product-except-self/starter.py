def product_except_self(nums):
    # Return a list whose i-th entry is the product of every element of nums except nums[i].
    return []
