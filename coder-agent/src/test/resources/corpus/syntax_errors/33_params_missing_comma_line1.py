def resize(width height):
    return width * height
