# expected-rule: security.mktemp
"""Writes a report to a temporary path."""
import tempfile


def report_path() -> str:
    path = tempfile.mktemp(suffix=".csv")
    return path
