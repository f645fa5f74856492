def first_and_rest(items):
    rest = *items
    return rest
