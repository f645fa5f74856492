# expected-rule: security.unverified-ssl
"""Opens a URL without checks."""
import ssl
import urllib.request


def fetch(url: str) -> bytes:
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context, timeout=5) as r:
        return r.read()
