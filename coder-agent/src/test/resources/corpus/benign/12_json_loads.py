import json


def parse(body: bytes) -> dict:
    return json.loads(body.decode("utf-8"))
