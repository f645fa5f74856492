import asyncio
import json
import logging

import websockets

logger = logging.getLogger("chat")
CLIENTS: set = set()


async def handler(websocket) -> None:
    CLIENTS.add(websocket)
    try:
        async for raw in websocket:
            try:
                message = json.loads(raw)
            except json.JSONDecodeError:
                await websocket.send(json.dumps({"error": "invalid json"}))
                continue
            text = str(message.get("text", ""))[:500]
            await asyncio.gather(*(c.send(json.dumps({"text": text})) for c in CLIENTS if c is not websocket))
    except websockets.ConnectionClosed:
        logger.info("client disconnected")
    finally:
        CLIENTS.discard(websocket)


async def main(host: str = "127.0.0.1", port: int = 8765) -> None:
    async with websockets.serve(handler, host, port):
        await asyncio.Future()
