import math


def area(radius):
	if radius < 0:
		raise ValueError('negative radius')
	return math.pi * radius ** 2


class Circle:
	def __init__(self, radius):
		self.radius = radius

	def area(self):
		return area(self.radius)
