"""The full-screen figures of one tool in one session on an 80x24 pty:
spawn to first full screen, bytes written and echo latency per typed key,
and peak RSS.

First full screen: the time of the last byte the program writes before it
goes quiet (nothing more for QUIET seconds) once the screen's own text is
there (a marker word only the finished screen has: for smtp-setup a word
written after the store is opened). The quiet wait only detects the end; the
figure is the timestamp of that last byte, so QUIET does not add to it.
Per key: one character written to the pty, the echo latency is the time to
the first output in which that character is visible (escape sequences
stripped), the bytes are everything written until the program is quiet
again. Each key waits for its echo and the quiet, so keys never overlap.
Peak RSS: VmHWM of /proc/PID/status after the typing, just before the
program is ended. Not wait4's ru_maxrss: on exec Linux folds the spawning
process's high-water mark into it (the harness's own ~15 MB with posix_spawn
or fork alike), which would hide the programs' own figures.
"""

import os
import tempfile
import time

from pty_session import PtySession, visible

QUIET = 0.15      # the first screen is finished when nothing follows for this long
KEY_QUIET = 0.03  # a key's output is finished when nothing follows for this long
TYPED = "mail.example.org"
DOWN = b"\x1bOB"  # keypad (application) mode, as ncurses sets it with keypad(TRUE)


def environment(home):
    return {"PATH": "/usr/bin:/bin", "HOME": home, "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8"}


def contains(word):
    def predicate(data):
        return word in visible(data)
    predicate.__doc__ = repr(word)
    return predicate


class Peer:
    """dialog or whiptail with an input box."""

    def __init__(self, name):
        self.name = name

    def argv(self, home):
        return [f"/usr/bin/{self.name}", "--inputbox", "Mail server address", "8", "60"]

    marker = "Cancel"

    def open_field(self, session):
        pass


class Wizard:
    """smtp-setup's full-screen wizard: Welcome, then Custom server, whose
    form opens with the server address field focused."""

    name = "smtp-setup"
    marker = "Nothing is saved yet"

    def __init__(self, binary):
        self.binary = binary

    def argv(self, home):
        return [self.binary, "--store", os.path.join(home, "settings.sqlite3")]

    def open_field(self, session):
        mark = session.mark()
        session.write(b"\r")
        session.wait_for(contains("provider"), since=mark)
        session.wait_quiet(KEY_QUIET, since=mark)
        for _ in range(8):
            mark = session.mark()
            session.write(DOWN)
            session.wait_quiet(KEY_QUIET, since=mark)
        mark = session.mark()
        session.write(b"\r")
        session.wait_for(contains("Mail server"), since=mark)
        session.wait_quiet(QUIET, since=mark)
        mark = session.mark()
        session.write(b"\x15")  # Ctrl-U: an empty field, as the peers' boxes are
        session.wait_quiet(QUIET, since=mark)


def one_session(tool):
    """Returns (first screen s, [latency s], [bytes], peak RSS bytes)."""
    with tempfile.TemporaryDirectory(prefix="bench-screen-") as home:
        session = PtySession(tool.argv(home), environment(home))
        try:
            session.wait_for(contains(tool.marker), timeout=15)
            last = session.wait_quiet(QUIET)
            first_screen = last - session.start
            tool.open_field(session)
            latencies, sizes = [], []
            for character in TYPED:
                mark = session.mark()
                sent = session.write(character.encode())
                echoed = session.wait_for(contains(character), since=mark)
                session.wait_quiet(KEY_QUIET, since=mark)
                latencies.append(echoed - sent)
                sizes.append(len(session.output(mark)))
            peak = peak_rss(session.pid)
        finally:
            session.finish(timeout=2)
        return first_screen, latencies, sizes, peak


def peak_rss(pid):
    """The process's resident-set high-water mark, bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for {pid}")


def version_time(argv):
    """Process start to exit of `argv` (output to /dev/null), seconds."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: status {status}")
    return elapsed
