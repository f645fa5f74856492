def compute(a, b):
    total = a + * b
    return total
