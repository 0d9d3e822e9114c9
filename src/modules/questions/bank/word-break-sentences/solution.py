def word_break(s, words):
    dictionary = set(words)
    lengths = sorted({len(word) for word in dictionary})
    memo = {len(s): [""]}

    def sentences_from(start):
        if start in memo:
            return memo[start]
        found = []
        for length in lengths:
            word = s[start:start + length]
            if len(word) == length and word in dictionary:
                for rest in sentences_from(start + length):
                    found.append(word + " " + rest if rest else word)
        memo[start] = found
        return found

    return sorted(sentences_from(0))
