def helpers():
    from os.path import *
    return join("a", "b")
