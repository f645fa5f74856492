import os


def make_private(path: str) -> None:
    os.chmod(path, 0600)
