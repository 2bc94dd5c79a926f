"""A program on a pseudo-terminal of a fixed size, read with timestamps.

Spawned with posix_spawn (setsid, then the pty's slave opened as fd 0: on
Linux that makes it the controlling terminal), so what is timed is the
program, not a Python fork. Everything it writes is read by one thread that
stamps each chunk with time.perf_counter(), so a figure never includes the
time the harness took to notice it.
"""

import fcntl
import os
import re
import select
import struct
import termios
import threading
import time

# CSI (with private and intermediate bytes), OSC, charset selection and the
# other two-byte escapes: what is left is the text a person sees.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()*+].|\x1b[ -~]")


def visible(data: bytes) -> str:
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")


class PtySession:
    def __init__(self, argv, env, columns=80, rows=24):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        slave_path = os.ttyname(slave)
        os.close(slave)
        self.chunks = []  # (time, bytes), appended by the reader thread only
        self.lock = threading.Condition()
        self.eof = False
        self.start = time.perf_counter()
        self.pid = os.posix_spawn(
            argv[0], argv, env, setsid=True,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, slave_path, os.O_RDWR, 0),
                (os.POSIX_SPAWN_DUP2, 0, 1),
                (os.POSIX_SPAWN_DUP2, 0, 2),
            ])
        self.status = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the slave side is closed
                data = b""
            now = time.perf_counter()
            with self.lock:
                if not data:
                    self.eof = True
                    self.lock.notify_all()
                    return
                self.chunks.append((now, data))
                self.lock.notify_all()

    def mark(self):
        """A position in the output: everything read so far."""
        with self.lock:
            return len(self.chunks)

    def output(self, since=0):
        with self.lock:
            return b"".join(data for _, data in self.chunks[since:])

    def wait_for(self, predicate, since=0, timeout=10.0):
        """Waits until predicate(bytes written since the mark) holds; returns
        the time of the chunk that made it hold."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                data = b""
                for index in range(since, len(self.chunks)):
                    data += self.chunks[index][1]
                    if predicate(data):
                        return self.chunks[index][0]
                if self.eof:
                    raise RuntimeError(f"the program ended before {predicate.__doc__ or 'the expected output'}: "
                                       f"{visible(data)[-300:]!r}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"timed out waiting for {predicate.__doc__ or 'output'}: {visible(data)[-300:]!r}")
                self.lock.wait(left)

    def wait_quiet(self, quiet, since=0, timeout=10.0):
        """Waits until nothing has been written for `quiet` seconds; returns
        the time of the last chunk since the mark (None if there was none)."""
        called = time.perf_counter()
        with self.lock:
            while True:
                last = self.chunks[-1][0] if len(self.chunks) > since else None
                left = (last if last is not None else called) + quiet - time.perf_counter()
                if left <= 0 or (self.eof and last is None):
                    return last
                if time.perf_counter() > called + timeout:
                    raise RuntimeError("the program never went quiet")
                self.lock.wait(left)

    def write(self, data: bytes):
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def finish(self, timeout=5.0):
        """Ends the program (SIGTERM, then SIGKILL after `timeout`) and
        returns its exit status."""
        signals = [15, 9]
        deadline = 0.0
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
                break
            if time.monotonic() >= deadline and signals:
                os.kill(self.pid, signals.pop(0))
                deadline = time.monotonic() + timeout
            time.sleep(0.005)
        # Reading stops at EIO once the slave's last holder is gone.
        self.reader.join(timeout=2)
        os.close(self.master)
        return self.status
