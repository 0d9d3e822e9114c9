def num_islands(grid):
    # Return the number of islands: groups of "1" cells connected horizontally or vertically.
    return 0
