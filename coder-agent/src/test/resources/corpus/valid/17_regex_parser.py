import re
from typing import NamedTuple

LOG_LINE = re.compile(
    r"^(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) - - \[(?P<when>[^\]]+)\] "
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<size>\d+|-)'
)


class Hit(NamedTuple):
    ip: str
    method: str
    path: str
    status: int
    size: int


def parse_line(line: str) -> Hit | None:
    match = LOG_LINE.match(line)
    if match is None:
        return None
    size = match["size"]
    return Hit(match["ip"], match["method"], match["path"], int(match["status"]), 0 if size == "-" else int(size))
