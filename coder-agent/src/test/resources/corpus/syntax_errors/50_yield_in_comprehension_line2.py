def squares(values):
    return [(yield v * v) for v in values]
