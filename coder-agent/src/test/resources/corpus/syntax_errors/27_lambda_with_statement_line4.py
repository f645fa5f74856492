handlers = {
    "noop": lambda event: None,
}
on_error = lambda exc: return str(exc)
