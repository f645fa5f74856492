import csv
import gzip
from pathlib import Path
from typing import Iterable, Iterator


def read_lines(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from handle


def parse(lines: Iterable[str]) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(lines)
    for row in reader:
        if any(value for value in row.values()):
            yield {key.strip().lower(): (value or "").strip() for key, value in row.items()}


def only(rows: Iterable[dict[str, str]], **criteria: str) -> Iterator[dict[str, str]]:
    return (row for row in rows if all(row.get(k) == v for k, v in criteria.items()))


def total(rows: Iterable[dict[str, str]], column: str) -> float:
    return sum(float(row[column]) for row in rows if row.get(column))
