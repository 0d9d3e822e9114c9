def word_search(board, word):
    # Return True when word can be traced through horizontally/vertically adjacent cells, each used at most once.
    return False
