def total_n_queens(n):
    full = (1 << n) - 1

    def place(columns, left_diagonals, right_diagonals):
        if columns == full:
            return 1
        count = 0
        free = full & ~(columns | left_diagonals | right_diagonals)
        while free:
            bit = free & -free
            free ^= bit
            count += place(columns | bit, ((left_diagonals | bit) << 1) & full, (right_diagonals | bit) >> 1)
        return count

    return place(0, 0, 0)
