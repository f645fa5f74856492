def clamp(value, /, low=0.0, high=1.0, *, strict=False):
    if low > high:
        raise ValueError("low > high")
    if strict and not low <= value <= high:
        raise ValueError(f"{value} out of range")
    return max(low, min(high, value))


def merge(*dicts, **overrides):
    result = {}
    for d in dicts:
        result.update(d)
    result.update(overrides)
    return result


print(clamp(1.5, high=2, strict=True), merge({"a": 1}, {"b": 2}, c=3), sep=" | ", end="\n")
callback = lambda x, *, scale=2: x * scale
items = sorted({"b": 2, "a": 1}.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
