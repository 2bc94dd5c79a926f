#!/usr/bin/python3
"""A loopback TCP proxy that delays every byte by a fixed time each way.

    delay_proxy.py --target 127.0.0.1:PORT [--delay 0.025]

Listens on 127.0.0.1 on an ephemeral port and prints "READY <port>" once it
accepts connections. Each chunk read from one side is written to the other
`delay` seconds after it arrived, in order, so a round trip through it takes
2 x delay more than without it (what a 50 ms RTT link adds) and bandwidth is
not limited. End of file is delayed like data. Stops when its stdin closes.
"""

import argparse
import asyncio
import socket
import sys


async def pump(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def forward():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(forward())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data or None))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--delay", type=float, default=0.025)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        for stream in (client_writer, server_writer):
            stream.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.gather(
            pump(client_reader, server_writer, args.delay),
            pump(server_reader, client_writer, args.delay),
            return_exceptions=True)
        for stream in (client_writer, server_writer):
            stream.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    # Stop when the parent goes away (its end of our stdin closes).
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
