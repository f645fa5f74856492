# expected-rule: security.pickle
"""Restores session objects."""
import jsonpickle


def restore(payload: str) -> object:
    return jsonpickle.decode(payload)
