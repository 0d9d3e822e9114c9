def num_decodings(s):
    # ways ending one and two positions back
    previous, current = 1, 1 if s[0] != "0" else 0
    for i in range(1, len(s)):
        ways = current if s[i] != "0" else 0
        if 10 <= int(s[i - 1 : i + 1]) <= 26:
            ways += previous
        previous, current = current, ways
    return current
