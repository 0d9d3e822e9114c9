def roman_to_int(s):
    # Return the integer value of the Roman numeral s.
    return 0
