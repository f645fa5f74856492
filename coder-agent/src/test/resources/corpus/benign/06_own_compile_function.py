def compile(template: str, **values: str) -> str:
    return template.format(**values)


page = compile("<h1>{title}</h1>", title="Home")
