from collections import Counter


def word_search(board, word):
    rows = len(board)
    cols = len(board[0]) if rows else 0
    if len(word) > rows * cols:
        return False
    available = Counter(letter for row in board for letter in row)
    if any(available[letter] < count for letter, count in Counter(word).items()):
        return False
    # Start from the rarer end to prune the search early.
    if available[word[-1]] < available[word[0]]:
        word = word[::-1]

    def search(r, c, index):
        if board[r][c] != word[index]:
            return False
        if index == len(word) - 1:
            return True
        saved = board[r][c]
        board[r][c] = None
        found = False
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and board[nr][nc] is not None:
                if search(nr, nc, index + 1):
                    found = True
                    break
        board[r][c] = saved
        return found

    return any(search(r, c, 0) for r in range(rows) for c in range(cols))
