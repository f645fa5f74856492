import asyncio


async def numbers(limit: int):
    for n in range(limit):
        await asyncio.sleep(0)
        yield n
    return limit
