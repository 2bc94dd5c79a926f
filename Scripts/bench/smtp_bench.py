"""The live-test figures: one whole test (TLS, AUTH PLAIN, MAIL FROM, RCPT TO,
then QUIT) by swaks and by `smtp-setup test`, each through the same delaying
proxy (25 ms each way: a 50 ms round trip) in front of the same aiosmtpd
server, STARTTLS on one server and TLS on connect on another. Timed from
spawn to exit. The password reaches swaks through its SWAKS_OPT_ environment
variable and smtp-setup through stdin: never argv.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(ROOT, "Tests", "Support", "smtp_test_server.py")
MAKE_CERTS = os.path.join(ROOT, "Tests", "Support", "make_certs.sh")
USER = "mailer"
SENDER = "app@example.com"


def _ready(process, what):
    line = process.stdout.readline().decode().strip()
    if not line.startswith("READY "):
        raise RuntimeError(f"{what} did not start: {line!r}")
    return int(line.split()[1])


class Servers:
    """aiosmtpd in STARTTLS and TLS-on-connect modes, each behind a delay proxy."""

    def __init__(self, delay):
        self.work = tempfile.TemporaryDirectory(prefix="bench-smtp-")
        self.certs = os.path.join(self.work.name, "certs")
        subprocess.run(["bash", MAKE_CERTS, self.certs], check=True)
        self.ca = os.path.join(self.certs, "ca.pem")
        self.password = "bench-" + secrets.token_hex(8)
        self.processes = []
        self.ports = {}
        env = dict(os.environ, SMTP_TEST_PASSWORD=self.password)
        for mode in ("starttls", "tls"):
            server = self._start(["/usr/bin/python3", SERVER, "--mode", mode,
                                  "--cert", os.path.join(self.certs, "good.pem"),
                                  "--key", os.path.join(self.certs, "good.key"),
                                  "--auth", "--user", USER, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"], env)
            server_port = _ready(server, f"the {mode} server")
            proxy = self._start(["/usr/bin/python3", os.path.join(HERE, "delay_proxy.py"),
                                 "--target", f"127.0.0.1:{server_port}", "--delay", str(delay)], os.environ)
            self.ports[mode] = _ready(proxy, "the delay proxy")

    def _start(self, argv, env):
        # Both stop when their stdin (kept open here) closes.
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=env)
        self.processes.append(process)
        return process

    def close(self):
        for process in self.processes:
            process.stdin.close()
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.work.cleanup()


def _timed(argv, env, stdin_bytes=b""):
    """Spawn to exit, seconds; raises with the output when it fails."""
    read_end, write_end = os.pipe()
    os.write(write_end, stdin_bytes)
    os.close(write_end)
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, read_end, 0),
            (os.POSIX_SPAWN_DUP2, output.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, output.fileno(), 2)])
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
        os.close(read_end)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            output.seek(0)
            raise RuntimeError(f"{argv[0]} failed ({status}): {output.read()[-600:].decode(errors='replace')}")
    return elapsed


class LiveTests:
    def __init__(self, servers, binary, home):
        self.servers, self.binary, self.home = servers, binary, home

    def swaks(self, mode):
        argv = ["/usr/bin/swaks", "--server", "127.0.0.1", "--port", str(self.servers.ports[mode]),
                "--tls" if mode == "starttls" else "--tls-on-connect",
                "--tls-verify", "--tls-ca-path", self.servers.ca,
                "--auth", "PLAIN", "--auth-user", USER,
                "--from", SENDER, "--to", SENDER, "--quit-after", "RCPT", "--silent", "2"]
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8",
               "SWAKS_OPT_auth_password": self.servers.password}
        return _timed(argv, env)

    def smtp_setup(self, mode):
        argv = [self.binary, "test", "--address", "127.0.0.1", "--port", str(self.servers.ports[mode]),
                "--security", mode, "--authentication", "plain", "--user-name", USER,
                "--password-stdin", "--from", SENDER, "--ca-file", self.servers.ca,
                "--store", os.path.join(self.home, "settings.sqlite3")]
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8"}
        return _timed(argv, env, (self.servers.password + "\n").encode())


if __name__ == "__main__":  # a quick check by hand: smtp_bench.py BINARY
    servers = Servers(0.025)
    try:
        with tempfile.TemporaryDirectory() as home:
            tests = LiveTests(servers, sys.argv[1], home)
            for mode in ("starttls", "tls"):
                print(mode, "swaks", round(tests.swaks(mode), 3), "smtp-setup", round(tests.smtp_setup(mode), 3))
    finally:
        servers.close()
