import asyncio


def main(lock: asyncio.Lock):
    async with lock:
        return 1
