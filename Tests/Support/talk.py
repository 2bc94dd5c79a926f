#!/usr/bin/python3
"""Tiny line-oriented client used by check_servers.sh to poke the test servers.

    talk.py PORT [options] [LINE ...]

Reads what the server says first (the greeting), then for each LINE sends it
with CRLF and prints what comes back.  Output lines:
    S: <line>        a line from the server
    CHUNK <n> <repr> (with --chunks) every recv() as it arrived
    C: <line>        a line we sent
    TLS <version>    after a successful handshake
    TLSERROR <msg>   a failed handshake (exit status 3)
    TIMEOUT          nothing arrived within --wait seconds
    CLOSED           the server closed the connection
Special LINEs: "@STARTTLS" upgrades the connection to TLS right there (after
the previous reply), "@SLEEP n" pauses.  Loopback only.
"""
import argparse
import socket
import ssl
import sys
import time
import warnings


def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("lines", nargs="*")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--tls", action="store_true", help="implicit TLS on connect")
    p.add_argument("--cafile")
    p.add_argument("--servername", default="localhost")
    p.add_argument("--tls11", action="store_true", help="allow only TLS 1.0/1.1 (SECLEVEL=0)")
    p.add_argument("--tls12", action="store_true", help="require TLS >= 1.2 (like a modern client)")
    p.add_argument("--wait", type=float, default=2.0, help="max wait for a reply")
    p.add_argument("--idle", type=float, default=0.3, help="quiet time that ends a reply")
    p.add_argument("--chunks", action="store_true")
    a = p.parse_intermixed_args()
    assert a.host in ("127.0.0.1", "::1", "localhost")

    def context():
        ctx = ssl.create_default_context(cafile=a.cafile)
        if not a.cafile:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if a.tls11:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        if a.tls12:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx

    sock = socket.create_connection((a.host, a.port), timeout=5)
    closed = False

    def upgrade(s):
        try:
            t = context().wrap_socket(s, server_hostname=a.servername)
        except (ssl.SSLError, OSError) as e:
            print(f"TLSERROR {e}")
            sys.exit(3)
        print(f"TLS {t.version()}")
        return t

    if a.tls:
        sock = upgrade(sock)

    def read_reply():
        nonlocal closed
        buf = b""
        deadline = time.monotonic() + a.wait
        got = False
        while not closed:
            timeout = (a.idle if got else deadline - time.monotonic())
            if timeout <= 0:
                break
            sock.settimeout(timeout)
            try:
                data = sock.recv(65536)
            except socket.timeout:
                break
            except (ConnectionError, ssl.SSLError) as e:
                print(f"RESET {e}")
                closed = True
                break
            if not data:
                closed = True
                break
            got = True
            if a.chunks:
                print(f"CHUNK {len(data)} {data!r}")
            buf += data
        if buf:
            lines = buf.split(b"\r\n")
            if buf.endswith(b"\r\n"):
                lines = lines[:-1]
            for line in lines:
                print("S: " + line.decode("utf-8", "replace"))
        if not got and not closed:
            print("TIMEOUT")
        if closed:
            print("CLOSED")

    read_reply()
    for line in a.lines:
        if closed:
            break
        if line == "@STARTTLS":
            sock = upgrade(sock)
            continue
        if line.startswith("@SLEEP "):
            time.sleep(float(line.split()[1]))
            continue
        print("C: " + line)
        try:
            sock.sendall(line.encode() + b"\r\n")
        except OSError as e:
            print(f"RESET {e}")
            break
        read_reply()
    sock.close()


if __name__ == "__main__":
    main()
