def f():
    return 1


DOC = """This docstring
never ends
x = 1
