def run(code):
    scope = {}
    exec code in scope
    return scope
