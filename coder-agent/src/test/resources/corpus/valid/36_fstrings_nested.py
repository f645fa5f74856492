name = "world"
width = 12
values = {"a": 1.23456, "b": 2}
line = f"{name!r:>{width}} | {values['a']:.2f} | {', '.join(f'{k}={v}' for k, v in values.items())}"
debug = f"{width=} {name.upper()=}"
escaped = f"{{literal braces}} and {len(name)}"
multi = (
    f"first {name} "
    f"second {width:#x}"
)
