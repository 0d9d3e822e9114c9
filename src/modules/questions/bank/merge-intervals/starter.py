def merge_intervals(intervals):
    # Return the merged, non-overlapping intervals [start, end], sorted by start.
    return []
