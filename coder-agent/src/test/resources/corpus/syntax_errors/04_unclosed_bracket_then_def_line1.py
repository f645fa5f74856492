ITEMS = [1, 2, 3

def total():
    return sum(ITEMS)
