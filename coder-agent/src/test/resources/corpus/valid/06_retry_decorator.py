"""A retry decorator with exponential backoff."""
import functools
import random
import time
from typing import Callable, TypeVar, ParamSpec

P = ParamSpec("P")
R = TypeVar("R")


def retry(times: int = 3, base_delay: float = 0.5, exceptions: tuple[type[BaseException], ...] = (Exception,)):
    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            attempt = 0
            while True:
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    attempt += 1
                    if attempt >= times:
                        raise
                    time.sleep(base_delay * 2 ** (attempt - 1) * (1 + random.random() / 10))
        return wrapper
    return decorator
