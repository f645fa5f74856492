"""Polls a health endpoint."""
import requests


def healthy(url: str) -> bool:
    return requests.get(url, timeout=5).ok
