def paginate(items, page=1, size):
    start = (page - 1) * size
    return items[start:start + size]
