# expected-rule: security.pickle
"""Reads a model file."""
from pickle import Unpickler


def read_model(path: str) -> object:
    with open(path, "rb") as f:
        return Unpickler(f).load()
