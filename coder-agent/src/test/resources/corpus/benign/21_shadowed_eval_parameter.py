def apply(values, eval):
    return [eval(v) for v in values]


apply(["1", "2"], int)
