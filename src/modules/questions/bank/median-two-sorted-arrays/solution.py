def find_median_sorted_arrays(nums1, nums2):
    shorter, longer = (nums1, nums2) if len(nums1) <= len(nums2) else (nums2, nums1)
    m, n = len(shorter), len(longer)
    total = m + n
    half = (total + 1) // 2
    low, high = 0, m
    while low <= high:
        i = (low + high) // 2
        j = half - i
        short_left = shorter[i - 1] if i > 0 else float("-inf")
        short_right = shorter[i] if i < m else float("inf")
        long_left = longer[j - 1] if j > 0 else float("-inf")
        long_right = longer[j] if j < n else float("inf")
        if short_left > long_right:
            high = i - 1
        elif long_left > short_right:
            low = i + 1
        else:
            left_max = max(short_left, long_left)
            if total % 2 == 1:
                return float(left_max)
            return (left_max + min(short_right, long_right)) / 2
    raise ValueError("the arrays must be sorted and not both empty")
