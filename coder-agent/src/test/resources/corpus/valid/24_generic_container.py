from typing import Callable, Generic, Iterable, Iterator, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class Stream(Generic[T]):
    def __init__(self, items: Iterable[T]) -> None:
        self._items = items

    def map(self, fn: Callable[[T], U]) -> "Stream[U]":
        return Stream(fn(x) for x in self._items)

    def filter(self, predicate: Callable[[T], bool]) -> "Stream[T]":
        return Stream(x for x in self._items if predicate(x))

    def batch(self, size: int) -> "Stream[list[T]]":
        def chunks() -> Iterator[list[T]]:
            chunk: list[T] = []
            for item in self._items:
                chunk.append(item)
                if len(chunk) == size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk
        return Stream(chunks())

    def to_list(self) -> list[T]:
        return list(self._items)
