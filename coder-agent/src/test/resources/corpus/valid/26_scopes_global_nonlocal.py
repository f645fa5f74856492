_counter = 0


def next_id() -> int:
    global _counter
    _counter += 1
    return _counter


def make_accumulator(start: float = 0.0):
    total = start

    def add(amount: float) -> float:
        nonlocal total
        total += amount
        return total

    return add


class Registry:
    items: list[str] = []

    def register(self, name: str) -> None:
        if name not in self.items:
            self.items.append(name)
