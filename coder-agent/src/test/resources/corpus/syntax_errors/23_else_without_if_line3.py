def f(x):
    y = x * 2
    else:
        y = 0
    return y
