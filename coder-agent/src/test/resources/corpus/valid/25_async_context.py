import asyncio
import contextlib
from typing import AsyncIterator


class Pool:
    def __init__(self, size: int) -> None:
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(size):
            self._queue.put_nowait(n)

    @contextlib.asynccontextmanager
    async def connection(self, timeout: float = 5.0) -> AsyncIterator[int]:
        conn = await asyncio.wait_for(self._queue.get(), timeout)
        try:
            yield conn
        finally:
            self._queue.put_nowait(conn)


async def ticker(interval: float, count: int) -> AsyncIterator[int]:
    for n in range(count):
        await asyncio.sleep(interval)
        yield n


async def main() -> None:
    pool = Pool(2)
    async for tick in ticker(0.01, 3):
        async with pool.connection() as conn:
            print(tick, conn)
