from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


def describe(shape: object) -> str:
    match shape:
        case Point(x=0, y=0):
            return "origin"
        case Point(x=0, y=y):
            return f"on the y axis at {y}"
        case Point(x=x, y=0):
            return f"on the x axis at {x}"
        case [Point() as a, Point() as b]:
            return f"segment from {a} to {b}"
        case {"type": "circle", "radius": r} if r > 0:
            return f"circle of radius {r}"
        case str() | bytes():
            return "text"
        case _:
            return "unknown"
