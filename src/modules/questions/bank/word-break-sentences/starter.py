def word_break(s, words):
    # Return every way to split s into dictionary words, each as a space-separated
    # sentence, sorted ascending.
    return []
