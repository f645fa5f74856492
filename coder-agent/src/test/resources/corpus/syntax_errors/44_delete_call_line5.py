cache = {"a": 1}


def evict(key):
    del cache.get(key)
