def call(fn, args, kwargs):
    return fn(**kwargs, *args)
