def is_valid(s):
    # Return True if every bracket in s is closed by the same type in the correct order.
    return False
