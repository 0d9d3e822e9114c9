def is_palindrome(x):
    # Return True if the integer x reads the same forwards and backwards.
    return False
