def reverse_words(s):
    words = [word for word in s.split(" ") if word]
    return " ".join(reversed(words))
