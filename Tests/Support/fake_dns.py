#!/usr/bin/python3
"""A DNS server for tests, meant to run inside a network namespace the
test made itself: answers every query on 127.0.0.1:53 with one RCODE
(NXDOMAIN by default), so a lookup fails the way a typo'd host name does.

Prints READY when listening; exits on SIGTERM or when stdin reaches EOF."""
import argparse
import signal
import socket
import sys
import threading

RCODES = {"nxdomain": 3, "servfail": 2}


def answer(query, rcode):
    if len(query) < 12:
        return None
    ident = query[:2]
    flags = 0x8000 | 0x0400 | 0x0100 | 0x0080 | rcode  # QR, AA, RD, RA
    # Echo the question section; no answers.
    return ident + flags.to_bytes(2, "big") + query[4:6] + b"\x00\x00\x00\x00\x00\x00" + query[12:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rcode", choices=sorted(RCODES), default="nxdomain")
    parser.add_argument("--port", type=int, default=53)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", args.port))
    sock.settimeout(0.2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def watch_stdin():
        while sys.stdin.read(1):
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("READY", args.port, flush=True)
    while not stop.is_set():
        try:
            query, peer = sock.recvfrom(4096)
        except socket.timeout:
            continue
        reply = answer(query, RCODES[args.rcode])
        if reply:
            sock.sendto(reply, peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
