from collections import deque


def max_sliding_window(nums, k):
    window = deque()
    maxima = []
    for index, value in enumerate(nums):
        while window and nums[window[-1]] <= value:
            window.pop()
        window.append(index)
        if window[0] <= index - k:
            window.popleft()
        if index >= k - 1:
            maxima.append(nums[window[0]])
    return maxima
