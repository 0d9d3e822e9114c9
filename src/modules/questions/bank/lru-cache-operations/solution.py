from collections import OrderedDict


def lru_cache_operations(capacity, operations):
    cache = OrderedDict()
    results = []
    for operation in operations:
        if operation[0] == "get":
            key = operation[1]
            if key in cache:
                cache.move_to_end(key)
                results.append(cache[key])
            else:
                results.append(-1)
        else:
            _, key, value = operation
            if key in cache:
                cache.move_to_end(key)
            cache[key] = value
            if len(cache) > capacity:
                cache.popitem(last=False)
    return results
