#!/usr/bin/env python3
"""Bytes per typed key and time to the first screen of the full-screen wizard.

Runs the binary on a pty at 80x24 (TERM=xterm-256color) against a fresh
SQLite store in a temporary folder. Prints figures; asserts nothing.
    Scripts/bench/keys_and_start.py BINARY [STARTS]
"""
import fcntl, os, pty, select, statistics, struct, subprocess, sys, tempfile, termios, time

BINARY = sys.argv[1]
STARTS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
CLEARS = (b"\x1b[H\x1b[2J", b"\x1b[2J", b"\x1b[J", b"\x1bc")


class Wizard:
    def __init__(self, store):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", SMTP_SETUP_STORE=store)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([BINARY], stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.out = bytearray()
        self.last_byte = self.started

    def read_until(self, needle, timeout=10.0, start=0):
        deadline = time.perf_counter() + timeout
        while needle not in self.out[start:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SystemExit(f"never saw {needle!r}; got {bytes(self.out[-400:])!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                chunk = os.read(self.master, 65536)
                self.last_byte = time.perf_counter()
                self.out += chunk

    def settle(self, quiet=0.05):
        """Reads until the output has been quiet for `quiet` seconds."""
        while True:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            self.out += os.read(self.master, 65536)
            self.last_byte = time.perf_counter()

    def type(self, data):
        os.write(self.master, data)

    def close(self):
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def typing(store):
    w = Wizard(store)
    w.read_until(b"Set up outgoing mail")
    w.settle()
    w.type(b"\r")
    w.read_until(b"Choose your mail provider")
    w.settle()
    w.type(b"\x1b[B" * 8 + b"\r")
    w.read_until(b"Mail server")
    w.settle()
    w.type(b"\x15")  # Ctrl-U: empty the address field
    w.settle()
    text = b"mailhost.example.org"[:20]
    before = len(w.out)
    per_key = []
    latencies = []
    for ch in text:
        mark = len(w.out)
        sent = time.perf_counter()
        w.type(bytes([ch]))
        w.read_until(bytes([ch]), start=mark)
        latencies.append(time.perf_counter() - sent)
        w.settle(0.03)
        per_key.append(bytes(w.out[mark:]))
    total = len(w.out) - before
    w.close()
    return total / len(text), per_key, latencies


def first_screen(store):
    """Seconds from spawn to the last byte of the first screen, and the peak RSS (kB) then."""
    w = Wizard(store)
    w.read_until(b"Set up outgoing mail")
    w.settle(0.1)
    elapsed = w.last_byte - w.started
    with open(f"/proc/{w.proc.pid}/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    w.close()
    return elapsed, peak


with tempfile.TemporaryDirectory() as scratch:
    store = os.path.join(scratch, "settings.sqlite3")
    average, per_key, latencies = typing(store)
    print(f"bytes per typed key: {average:.2f}")
    print(f"first key's output: {per_key[0]!r}")
    print(f"a middle key's output: {per_key[10]!r}")
    print(f"clear in any key's output: {any(c in k for k in per_key for c in CLEARS)}")
    print(f"echo latency median: {statistics.median(latencies) * 1000:.2f} ms")
    runs = [first_screen(store) for _ in range(STARTS)]
    times = [elapsed for elapsed, _ in runs]
    print(f"spawn to first screen, median of {STARTS}: {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f})")
    print(f"peak RSS at the first screen, median: {statistics.median(p for _, p in runs) / 1024:.1f} MB")
