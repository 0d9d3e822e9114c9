def largest_rectangle_area(heights):
    best = 0
    stack = []
    for index in range(len(heights) + 1):
        height = heights[index] if index < len(heights) else 0
        while stack and heights[stack[-1]] >= height:
            top = stack.pop()
            left = stack[-1] + 1 if stack else 0
            best = max(best, heights[top] * (index - left))
        stack.append(index)
    return best
