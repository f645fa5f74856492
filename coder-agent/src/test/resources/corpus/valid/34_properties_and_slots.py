import math


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x: float = 0.0, y: float = 0.0) -> None:
        self.x = x
        self.y = y

    @property
    def length(self) -> float:
        return math.hypot(self.x, self.y)

    @length.setter
    def length(self, value: float) -> None:
        if self.length == 0:
            raise ValueError("cannot scale a zero vector")
        factor = value / self.length
        self.x *= factor
        self.y *= factor

    def __add__(self, other: "Vector") -> "Vector":
        return Vector(self.x + other.x, self.y + other.y)

    def __repr__(self) -> str:
        return f"Vector({self.x!r}, {self.y!r})"

    @staticmethod
    def zero() -> "Vector":
        return Vector()

    @classmethod
    def from_polar(cls, r: float, theta: float) -> "Vector":
        return cls(r * math.cos(theta), r * math.sin(theta))
