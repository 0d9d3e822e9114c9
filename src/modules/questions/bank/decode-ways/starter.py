def num_decodings(s):
    # Return the number of ways to decode the digit string s ("1" -> A ... "26" -> Z).
    return 0
