def rotate_matrix(matrix):
    # Return a new n x n matrix: matrix rotated 90 degrees clockwise.
    return []
