# expected-rule: security.pickle
"""Receives functions over the wire."""
import dill as serializer


def receive(blob: bytes) -> object:
    return serializer.loads(blob)
