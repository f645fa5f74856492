# expected-rule: security.subprocess-shell
"""Runs a user command."""
import asyncio


async def run(cmd: str) -> int:
    proc = await asyncio.create_subprocess_shell(cmd)
    return await proc.wait()
