# expected-rule: security.marshal
import marshal


def load_code(blob: bytes):
    return marshal.loads(blob)
