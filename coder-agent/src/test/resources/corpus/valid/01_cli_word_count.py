"""Count words in text files given on the command line."""
import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable


def count_words(lines: Iterable[str]) -> Counter:
    """Return a counter of lower-cased words."""
    counter: Counter = Counter()
    for line in lines:
        counter.update(word.strip(".,;:!?\"'()").lower() for word in line.split())
    return counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    total: Counter = Counter()
    for path in args.files:
        try:
            with path.open(encoding="utf-8") as handle:
                total += count_words(handle)
        except OSError as exc:
            print(f"cannot read {path}: {exc}", file=sys.stderr)
            return 1
    for word, n in total.most_common(args.top):
        print(f"{n:>6}  {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
