# expected-rule: security.telnet
"""Talks to a router."""
import telnetlib


def login(host: str) -> None:
    session = telnetlib.Telnet(host, 23, timeout=5)
    session.close()
