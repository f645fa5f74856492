def check(values):
    return all(values)


if check([1, 2]):
    break
