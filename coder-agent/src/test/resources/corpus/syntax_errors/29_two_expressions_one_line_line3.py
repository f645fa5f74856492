width = 10
height = 20
area = width height
