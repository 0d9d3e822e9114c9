def lru_cache_operations(capacity, operations):
    # Return the results of the "get" operations in order (-1 for a missing key).
    return []
