def is_palindrome(x):
    if x < 0:
        return False
    original, reversed_value = x, 0
    while x > 0:
        reversed_value = reversed_value * 10 + x % 10
        x //= 10
    return reversed_value == original
