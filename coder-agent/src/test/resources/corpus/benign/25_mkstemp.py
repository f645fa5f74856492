"""Safe temporary files."""
import os
import tempfile


def scratch() -> str:
    fd, path = tempfile.mkstemp()
    os.close(fd)
    return path
