counter = 0
nonlocal counter
counter += 1
