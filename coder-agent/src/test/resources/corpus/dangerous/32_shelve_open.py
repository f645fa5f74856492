# expected-rule: security.pickle
"""A tiny persistent cache."""
import shelve


def load(name: str) -> dict:
    with shelve.open(name) as db:
        return dict(db)
