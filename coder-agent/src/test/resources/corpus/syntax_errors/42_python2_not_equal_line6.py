import requests


def healthy(url: str) -> bool:
    status = requests.get(url, timeout=5).status_code
    if status <> 200:
        return False
    return True
