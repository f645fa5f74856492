class Handler(:
    pass
