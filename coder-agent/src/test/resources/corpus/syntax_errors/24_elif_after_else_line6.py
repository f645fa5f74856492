def grade(score):
    if score > 90:
        return "A"
    else:
        return "B"
    elif score > 80:
        return "C"
