def max_coins(nums):
    values = [1] + list(nums) + [1]
    size = len(values)
    # best[left][right]: most coins from bursting every balloon strictly between left and right
    best = [[0] * size for _ in range(size)]
    for gap in range(2, size):
        for left in range(size - gap):
            right = left + gap
            edge = values[left] * values[right]
            row = best[left]
            top = 0
            for last in range(left + 1, right):
                total = row[last] + best[last][right] + edge * values[last]
                if total > top:
                    top = total
            row[right] = top
    return best[0][size - 1]
