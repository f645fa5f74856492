import math


def (radius):
    return math.pi * radius ** 2
