def coin_change(coins, amount):
    # Return the fewest coins that add up to amount, or -1 if it cannot be made.
    return 0
