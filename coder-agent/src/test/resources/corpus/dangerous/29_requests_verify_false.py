# expected-rule: security.tls-verify-disabled
"""Fetches the status page."""
import requests


def status(url: str) -> int:
    response = requests.get(url, verify=False, timeout=10)
    return response.status_code
