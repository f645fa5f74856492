import importlib


def load_backend(name: str):
    return importlib.import_module(f"backends.{name}")
