import asyncio
import logging
from typing import Sequence

import aiohttp

log = logging.getLogger(__name__)


async def fetch(session: aiohttp.ClientSession, url: str, timeout: float = 10.0) -> str:
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as response:
        response.raise_for_status()
        return await response.text()


async def fetch_all(urls: Sequence[str], limit: int = 5) -> dict[str, str | None]:
    semaphore = asyncio.Semaphore(limit)
    results: dict[str, str | None] = {}

    async def worker(url: str) -> None:
        async with semaphore:
            try:
                results[url] = await fetch(session, url)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                log.warning("failed %s: %s", url, exc)
                results[url] = None

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(u) for u in urls))
    return results
