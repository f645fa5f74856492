items = [1, 2, 3]
total = 0
if items:
    continue
