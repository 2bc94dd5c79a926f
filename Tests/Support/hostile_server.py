#!/usr/bin/python3
"""Small lying and hostile SMTP servers for the hostile-input tests.

One server per process on 127.0.0.1; prints `READY <port>` and serves until
stdin closes (the test holds the pipe) or SIGTERM. Modes:

  escapes        greeting, EHLO lines and the 535 carry terminal escapes
                 (OSC 52 clipboard, title, clear screen, CSI 0x9B, BEL,
                 DCS, status-report request, bidi override, U+2028)
  unsolicited    sends an unsolicited `235` right after the EHLO reply
  echo           quotes every credential back: the AUTH PLAIN argument,
                 its decoded form, the LOGIN answers and the password
  bytewise       a plain server whose greeting arrives one byte at a time
  tls11          implicit TLS that allows only TLS 1.0/1.1 (SECLEVEL=0)
  starttls11     STARTTLS, then a handshake that allows only TLS 1.0/1.1
  cert           implicit TLS with --cert/--key (a certificate with escapes)
  pipelining     offers PIPELINING and answers MAIL only once RCPT has
                 arrived too: a client that waits for MAIL's reply hangs
  lockstep       no PIPELINING; a command that arrives before the reply to
                 the one before it was sent ends the session with `503
                 5.5.0 Improper use of SMTP command pipelining` (Postfix's
                 reject_unauth_pipelining)

Prints `ACCEPTED` on stdout for every connection it accepts.

The password comes from SMTP_TEST_PASSWORD; argv holds none.
"""
import argparse
import base64
import os
import select
import socket
import ssl
import sys
import threading
import time
import warnings

# TLS 1.0/1.1 are deprecated: that is the point of the tls11 modes.
warnings.filterwarnings("ignore", category=DeprecationWarning)

ESC = "\x1b"
HOSTILE = (ESC + "]52;c;ZWNobyBoYWNrZWQ=\x07" + ESC + "]0;owned\x07" + ESC + "[2J" + "\x9b6n"
           + ESC + "[6n" + "\x07\x08\x05" + ESC + "P1$r" + ESC + "\\" + "\u202e" + "evil" + "\u2028" + "x\x00y")


def context(args, versions_old):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if versions_old:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


class Conversation:
    def __init__(self, sock, args):
        self.sock = sock
        self.args = args
        self.buffer = b""
        self.password = os.environ.get("SMTP_TEST_PASSWORD", "")

    def send(self, text):
        self.sock.sendall(text.encode("utf-8", "surrogateescape"))

    def line(self):
        while b"\n" not in self.buffer:
            data = self.sock.recv(4096)
            if not data:
                return None
            self.buffer += data
        raw, self.buffer = self.buffer.split(b"\n", 1)
        return raw.rstrip(b"\r").decode("utf-8", "replace")

    def greet(self):
        mode = self.args.mode
        if mode == "escapes":
            self.send("220 mail.example.com " + HOSTILE + " ready\r\n")
        elif mode == "bytewise":
            for byte in "220 mail.example.com ESMTP slowly\r\n":
                self.send(byte)
                time.sleep(0.02)
        else:
            self.send("220 mail.example.com ESMTP\r\n")

    def ehlo_lines(self, starttls):
        lines = ["250-mail.example.com"]
        if self.args.mode == "escapes":
            lines.append("250-X-" + HOSTILE)
        if starttls:
            lines.append("250-STARTTLS")
        if self.args.mode == "pipelining":
            lines.append("250-PIPELINING")
        lines.append("250 AUTH PLAIN LOGIN")
        return "\r\n".join(lines) + "\r\n"

    def talked_early(self):
        """Whether the client sent more before this reply: Postfix waits a
        moment and looks, and so does this."""
        if self.buffer:
            return True
        readable, _, _ = select.select([self.sock], [], [], 0.05)
        return bool(readable)

    def run(self):
        mode = self.args.mode
        self.greet()
        tls_done = mode in ("tls11", "cert")
        while True:
            command = self.line()
            if command is None:
                return
            verb = command.split(" ")[0].upper()
            if mode == "lockstep" and verb != "QUIT" and self.talked_early():
                self.send("503 5.5.0 Improper use of SMTP command pipelining\r\n")
                return
            if mode == "pipelining" and verb == "MAIL":
                # Held back until the rest of the group is in.
                following = self.line()
                if following is None:
                    return
                if not following.upper().startswith("RCPT"):
                    self.send("503 5.5.1 expected RCPT in the same group\r\n")
                    return
                self.send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n")
                continue
            if verb in ("EHLO", "HELO"):
                reply = self.ehlo_lines(mode == "starttls11" and not tls_done)
                if mode == "unsolicited":
                    reply += "235 2.7.0 Authentication successful\r\n"
                self.send(reply)
            elif verb == "STARTTLS":
                self.send("220 go ahead\r\n")
                try:
                    self.sock = context(self.args, True).wrap_socket(self.sock, server_side=True)
                except (ssl.SSLError, OSError):
                    return
                tls_done = True
            elif verb == "AUTH":
                self.auth(command)
            elif verb == "QUIT":
                self.send("221 bye\r\n")
                return
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.send("250 ok\r\n")
            else:
                self.send("502 unknown\r\n")

    def auth(self, command):
        parts = command.split(" ")
        mechanism = parts[1].upper() if len(parts) > 1 else ""
        if self.args.mode == "escapes":
            self.send("535 5.7.8 " + HOSTILE + " denied\r\n")
            return
        if self.args.mode != "echo":
            self.send("535 5.7.8 denied\r\n")
            return
        if mechanism == "PLAIN":
            answer = parts[2] if len(parts) > 2 else ""
            decoded = base64.b64decode(answer + "==").decode("utf-8", "replace")
            # Every form at once: the base64, the decoded exchange, the bare password and its base64.
            b64pw = base64.b64encode(self.password.encode()).decode()
            self.send("535-5.7.8 you sent " + answer + "\r\n")
            self.send("535-5.7.8 decoded " + decoded.replace("\x00", "|") + "\r\n")
            self.send("535 5.7.8 password " + self.password + " b64 " + b64pw + "\r\n")
        elif mechanism == "LOGIN":
            self.send("334 VXNlcm5hbWU6\r\n")
            user = self.line() or ""
            self.send("334 UGFzc3dvcmQ6 you said " + user + "\r\n")
            password = self.line() or ""
            decoded = base64.b64decode(password + "==").decode("utf-8", "replace")
            self.send("535 5.7.8 wrong password " + password + " (" + decoded + ")\r\n")
        else:
            self.send("504 unsupported\r\n")


def serve(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    implicit = None
    if args.mode == "tls11":
        implicit = context(args, True)
    elif args.mode == "cert":
        implicit = context(args, False)

    def handle(sock):
        try:
            if implicit is not None:
                sock = implicit.wrap_socket(sock, server_side=True)
            Conversation(sock, args).run()
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def accept():
        while True:
            sock, _ = listener.accept()
            print("ACCEPTED", flush=True)
            threading.Thread(target=handle, args=(sock,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print("READY %d" % listener.getsockname()[1], flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    serve(parser.parse_args())
