import heapq


def alien_order(words):
    letters = {letter for word in words for letter in word}
    after = {letter: set() for letter in letters}
    indegree = {letter: 0 for letter in letters}
    for first, second in zip(words, words[1:]):
        for a, b in zip(first, second):
            if a != b:
                if b not in after[a]:
                    after[a].add(b)
                    indegree[b] += 1
                break
        else:
            if len(first) > len(second):
                return ""
    heap = [letter for letter in letters if indegree[letter] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        letter = heapq.heappop(heap)
        order.append(letter)
        for following in after[letter]:
            indegree[following] -= 1
            if indegree[following] == 0:
                heapq.heappush(heap, following)
    return "".join(order) if len(order) == len(letters) else ""
