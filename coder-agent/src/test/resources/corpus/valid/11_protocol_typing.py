from typing import Protocol, runtime_checkable, Iterable


@runtime_checkable
class SupportsClose(Protocol):
    def close(self) -> None: ...


class Repository(Protocol):
    def get(self, key: str, /) -> bytes | None: ...

    def put(self, key: str, value: bytes, *, overwrite: bool = False) -> None: ...


def close_all(resources: Iterable[object]) -> int:
    closed = 0
    for resource in resources:
        if isinstance(resource, SupportsClose):
            resource.close()
            closed += 1
    return closed


def copy(source: Repository, target: Repository, keys: Iterable[str]) -> None:
    for key in keys:
        if (value := source.get(key)) is not None:
            target.put(key, value, overwrite=True)
