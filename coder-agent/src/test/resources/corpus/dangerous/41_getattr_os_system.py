# expected-rule: security.os-system
"""Runs a maintenance command."""
import os


def run(cmd: str) -> int:
    return getattr(os, "system")(cmd)
