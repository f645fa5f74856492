def step(x, y, dx, dy):
    x, y += dx, dy
    return x, y
