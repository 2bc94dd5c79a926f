#!/usr/bin/python3
"""Real SMTP (and deliberately broken) servers for smtp-setup's tests.

Run with Debian's interpreter (needs python3-aiosmtpd for the aiosmtpd modes):

    /usr/bin/python3 Tests/Support/smtp_test_server.py --mode MODE [options]

The server binds 127.0.0.1 (or --host ::1) on an ephemeral port (or --port),
prints exactly one line "READY <port>" on stdout once it accepts connections,
and logs to stderr only.  It stops cleanly on SIGTERM/SIGINT, when its stdin
reaches EOF (so a crashed test never leaves it behind; see --no-stdin-watch),
and after --lifetime seconds at the latest.  A mode that cannot run here prints
"UNSUPPORTED <reason>" instead of READY and exits with status 77.

See README.md next to this file for the list of modes and options.
"""

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import signal
import socket
import ssl
import sys
import threading
import time
import warnings

log = logging.getLogger("smtp_test_server")

AIOSMTPD_MODES = ("plain", "starttls", "tls")
SCRIPTED_MODES = (
    "silent", "close", "greet421", "greet554", "pop3", "imap", "http",
    "no-starttls", "starttls-inject", "ehlo-unknown", "stall-after-ehlo",
    "old-tls", "long-line", "garbage-greeting", "blackhole", "starttls-refused",
    "partial-greeting", "partial-multiline",
)
TLS_MODES = ("starttls", "tls", "starttls-inject", "old-tls")
KNOWN_MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")

EXIT_UNSUPPORTED = 77

# Realistic rejection texts (Postfix / Gmail style).
REJECT_EHLO = "501 5.5.4 Invalid domain name"
AUTH_CODE_TEXTS = {
    "421": "421 4.7.0 Temporary System Problem. Try again later",
    "454": "454 4.7.0 Temporary authentication failure",
    "530": "530 5.7.0 Must issue a STARTTLS command first",
    "534": "534 5.7.9 Please log in with your web browser",
    "535": "535 5.7.8 Username and Password not accepted",
    "538": "538 5.7.11 Encryption required for requested authentication mechanism",
}


def reject_sender_text(address):
    return f"550 5.7.1 <{address}>: Sender address rejected: not owned by user"


def reject_recipient_text(address):
    return (f"550 5.1.1 <{address}>: Recipient address rejected: "
            "User unknown in local recipient table")


REJECT_DATA = "554 5.7.1 Message rejected: content policy violation (spam)"


def multiline(text):
    """Turn "534-5.7.9 a\\n534 5.7.9 b" (literal backslash-n or a real newline)
    into a CRLF-separated multi-line reply; aiosmtpd adds the final CRLF."""
    text = text.replace("\\n", "\n").replace("\r\n", "\n")
    return "\r\n".join(part for part in text.split("\n") if part)


# ---------------------------------------------------------------------------
# Shared bits
# ---------------------------------------------------------------------------

class Config:
    """Parsed options plus derived state shared by every connection."""

    def __init__(self, args):
        self.args = args
        self.mode = args.mode
        self.hostname = args.hostname
        self.user = args.user
        self.password = os.environ.get("SMTP_TEST_PASSWORD")
        self.mechanisms = [m.strip().upper() for m in args.mechanisms.split(",") if m.strip()]
        self.auth_code = None
        if args.auth_code:
            code = args.auth_code.strip()
            self.auth_code = multiline(AUTH_CODE_TEXTS.get(code, code))
        self.messages_lock = threading.Lock()

    def check_credentials(self, login: bytes, password: bytes) -> bool:
        if self.password is None:
            return False
        return (hmac.compare_digest(login, self.user.encode())
                and hmac.compare_digest(password, self.password.encode()))

    def record_message(self, mail_from, rcpt_tos, data: bytes, **extra):
        if not self.args.messages:
            return
        entry = {
            "mail_from": mail_from,
            "rcpt_tos": list(rcpt_tos),
            "data": data.decode("utf-8", errors="replace"),
        }
        entry.update(extra)
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        # Written (and flushed) before the 250 goes out, so a test that saw the
        # 250 can read the file right away.
        with self.messages_lock:
            with open(self.args.messages, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())


def make_server_context(cfg, old_tls=False):
    args = cfg.args
    if not args.cert or not args.key:
        raise SystemExit(f"--mode {cfg.mode} needs --cert and --key")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if old_tls:
        # TLS 1.0/1.1 only.  OpenSSL 3 refuses these below security level 0,
        # hence the cipher string.  A client with minimum TLS 1.2 gets a
        # protocol_version alert ("unsupported protocol"/"no common version");
        # an OpenSSL 3 client left at its defaults negotiates TLS 1.1 and then
        # fails with "legacy sigalg disallowed".  Works with Debian 12's
        # OpenSSL 3.0 (a TLS-1.1 client with SECLEVEL=0 completes the
        # handshake); probe_old_tls() checks that at start-up and the mode
        # prints UNSUPPORTED where the build cannot do it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


def probe_old_tls(server_ctx):
    """In-memory TLS 1.1 handshake against server_ctx (no sockets).
    Returns None if it works, else the error text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cctx.check_hostname = False
        cctx.verify_mode = ssl.CERT_NONE
        cctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        cctx.minimum_version = ssl.TLSVersion.TLSv1
        cctx.maximum_version = ssl.TLSVersion.TLSv1_1
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client = cctx.wrap_bio(c_in, c_out, server_side=False)
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    done = {"c": False, "s": False}
    try:
        for _ in range(20):
            for name, obj in (("c", client), ("s", server)):
                if not done[name]:
                    try:
                        obj.do_handshake()
                        done[name] = True
                    except ssl.SSLWantReadError:
                        pass
            s_in.write(c_out.read())
            c_in.write(s_out.read())
            if done["c"] and done["s"]:
                return None if client.version() in ("TLSv1", "TLSv1.1") else client.version()
    except ssl.SSLError as e:
        return str(e)
    return "handshake did not complete"


# ---------------------------------------------------------------------------
# aiosmtpd modes: plain, starttls, tls
# ---------------------------------------------------------------------------

def build_aiosmtpd_factory(cfg, ssl_ctx, live):
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, MISSING

    args = cfg.args
    auth_on = args.auth or args.auth_optional

    class TestSMTP(SMTP):
        def connection_made(self, transport):
            live.add(self)
            # Counted by tests (one connection per test, unless a check needs
            # another). STARTTLS calls this again with the TLS transport.
            if getattr(self, "transport", None) is None:
                log.info("connection accepted")
            super().connection_made(transport)

        def connection_lost(self, error):
            live.discard(self)
            super().connection_lost(error)

        async def smtp_AUTH(self, arg):
            if not auth_on:
                # Postfix's answer when SASL is off.
                return await self.push("503 5.5.1 Error: authentication not enabled")
            return await super().smtp_AUTH(arg)

        def is_tls(self):
            t = self.transport
            return bool(t is not None and t.get_extra_info("ssl_object") is not None)

    def decide(login: bytes, ok: bool):
        if cfg.auth_code:
            return AuthResult(success=False, handled=False, message=cfg.auth_code)
        if ok:
            return AuthResult(success=True, handled=False,
                              auth_data=LoginPassword(login, b""))
        # handled=False: aiosmtpd then replies "535 5.7.8 Authentication
        # credentials invalid" itself (handled=True would send nothing).
        return AuthResult(success=False, handled=False)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = cfg.check_credentials(auth_data.login, auth_data.password)
        log.info("AUTH %s as %r: %s", mechanism, auth_data.login.decode(errors="replace"),
                 "ok" if ok and not cfg.auth_code else "rejected")
        return decide(auth_data.login, ok)

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            if args.reject_ehlo:
                return [REJECT_EHLO]
            session.host_name = hostname
            if not auth_on:
                responses = [r for r in responses if not r[4:].startswith("AUTH")]
            if args.pipelining:
                # aiosmtpd reads commands one after another from its buffer: it can.
                responses.insert(1, "250-PIPELINING")
            return responses

        async def handle_HELO(self, server, session, envelope, hostname):
            if args.reject_ehlo:
                return REJECT_EHLO
            session.host_name = hostname
            return f"250 {cfg.hostname}"

        async def handle_QUIT(self, server, session, envelope):
            return "221 2.0.0 Bye"

        async def handle_AUTH(self, server, session, envelope, args_):
            # Only reached for an offered mechanism (and after the 538 check).
            if cfg.auth_code and args.auth_code_immediate:
                return cfg.auth_code
            return MISSING

        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if args.reject_sender:
                return reject_sender_text(address)
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 2.1.0 Ok"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if args.reject_recipient:
                return reject_recipient_text(address)
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(rcpt_options)
            return "250 2.1.5 Ok"

        async def handle_DATA(self, server, session, envelope):
            if args.reject_data:
                return REJECT_DATA
            auth = session.auth_data
            login = getattr(auth, "login", None)
            cfg.record_message(
                envelope.mail_from, envelope.rcpt_tos, envelope.original_content,
                helo=session.host_name,
                auth_user=login.decode(errors="replace") if isinstance(login, bytes) else None,
                tls=server.is_tls(),
            )
            log.info("delivered message from %s to %s (%d bytes)", envelope.mail_from,
                     envelope.rcpt_tos, len(envelope.original_content))
            return "250 2.0.0 Ok: queued as TEST%s" % secrets.token_hex(4).upper()

        # CRAM-MD5 (RFC 2195) is not built into aiosmtpd: a handler method
        # named auth_<MECH with "-" spelled "__"> adds it.  aiosmtpd calls it
        # as handler.auth_CRAM__MD5(server, args) with args = ["CRAM-MD5", ...].
        async def auth_CRAM__MD5(self, server, args_):
            if len(args_) > 1:
                await server.push("501 5.5.2 CRAM-MD5 does not take an initial response")
                return AuthResult(success=False, handled=True)
            challenge = f"<{secrets.randbelow(10**10)}.{int(time.time())}@{cfg.hostname}>"
            response = await server.challenge_auth(challenge)  # sends 334 base64(challenge)
            if response is MISSING:
                # challenge_auth already replied (501 for "*" or bad base64).
                return AuthResult(success=False, handled=True)
            login, _, digest = response.rpartition(b" ")
            expected = b""
            if cfg.password is not None:
                expected = hmac.new(cfg.password.encode(), challenge.encode(),
                                    hashlib.md5).hexdigest().encode()
            ok = (bool(login) and hmac.compare_digest(login, cfg.user.encode())
                  and hmac.compare_digest(digest.lower(), expected))
            log.info("AUTH CRAM-MD5 as %r: %s", login.decode(errors="replace"),
                     "ok" if ok and not cfg.auth_code else "rejected")
            return decide(login, ok)

    handler = Handler()
    exclude = [m for m in KNOWN_MECHANISMS if not auth_on or m not in cfg.mechanisms]
    # In "tls" mode every connection is TLS, but aiosmtpd only counts STARTTLS
    # as TLS (its _tls_protocol), so auth_require_tls=True would refuse AUTH
    # with 538 on an implicit-TLS port.  Hence False there.
    require_tls = bool(args.auth_require_tls) and cfg.mode != "tls"

    def factory():
        return TestSMTP(
            handler,
            hostname=cfg.hostname,
            ident="ESMTP smtp_test_server",
            tls_context=ssl_ctx if cfg.mode == "starttls" else None,
            require_starttls=bool(args.require_starttls),
            auth_required=bool(args.auth),
            auth_require_tls=require_tls,
            auth_exclude_mechanism=exclude,
            authenticator=authenticator,
            timeout=args.idle_timeout,
            enable_SMTPUTF8=bool(args.smtputf8),
            loop=asyncio.get_running_loop(),
        )

    return factory


# ---------------------------------------------------------------------------
# Scripted (misbehaving) modes
# ---------------------------------------------------------------------------

class Conn:
    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.peer = writer.get_extra_info("peername")
        self.tls = writer.get_extra_info("ssl_object") is not None

    async def send_raw(self, data: bytes):
        log.debug("%r << %r", self.peer, data)
        self.writer.write(data)
        await self.writer.drain()

    async def send(self, *lines):
        await self.send_raw("".join(line + "\r\n" for line in lines).encode())

    async def readline(self):
        """One line without CRLF, or None on EOF/reset.  Over-long lines
        come back as the marker object TOO_LONG."""
        try:
            line = await self.reader.readuntil(b"\n")
        except asyncio.IncompleteReadError:
            return None
        except asyncio.LimitOverrunError as e:
            await self.reader.read(e.consumed)
            # discard up to the end of that line
            while True:
                try:
                    await self.reader.readuntil(b"\n")
                    break
                except asyncio.LimitOverrunError as e2:
                    await self.reader.read(e2.consumed)
                except asyncio.IncompleteReadError:
                    return None
            return TOO_LONG
        except (ConnectionError, ssl.SSLError):
            return None
        log.debug("%r >> %r", self.peer, line)
        return line.rstrip(b"\r\n").decode("utf-8", errors="replace")

    async def close(self):
        try:
            self.writer.close()
            await asyncio.wait_for(self.writer.wait_closed(), 2)
        except Exception:
            pass


TOO_LONG = object()


class Scripted:
    def __init__(self, cfg, ssl_ctx, live):
        self.cfg = cfg
        self.args = cfg.args
        self.ssl_ctx = ssl_ctx
        self.live = live

    async def __call__(self, reader, writer):
        conn = Conn(reader, writer)
        task = asyncio.current_task()
        self.live.add(task)
        log.info("%s: connection from %r", self.cfg.mode, conn.peer)
        try:
            await getattr(self, "mode_" + self.cfg.mode.replace("-", "_"))(conn)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError) as e:
            log.info("%r connection error: %s", conn.peer, e)
        except asyncio.CancelledError:
            pass
        finally:
            await conn.close()
            self.live.discard(task)
            log.info("%s: closed %r", self.cfg.mode, conn.peer)

    # --- trivial ones ----------------------------------------------------

    async def drain_until_eof(self, conn):
        while await conn.reader.read(4096):
            pass

    async def mode_silent(self, conn):
        await self.drain_until_eof(conn)

    async def mode_close(self, conn):
        pass

    async def mode_partial_greeting(self, conn):
        # A greeting that starts and never ends: no CRLF, and an escape
        # sequence a client must not pass to a terminal raw.
        await conn.send_raw(b"220 mail.example.com ESMTP \x1b[31mready")
        await self.drain_until_eof(conn)

    async def mode_partial_multiline(self, conn):
        # A multi-line greeting whose last line never comes.
        await conn.send_raw(b"220-mail.example.com ESMTP\r\n220-still greeting\r\n")
        await self.drain_until_eof(conn)

    async def mode_greet421(self, conn):
        await conn.send("421 4.3.2 Service not available, closing transmission channel")

    async def mode_greet554(self, conn):
        # RFC 5321 3.1: after a 554 greeting the server waits for QUIT and
        # answers everything else with 503.
        await conn.send("554 5.7.1 No SMTP service here")
        while True:
            line = await conn.readline()
            if line is None:
                return
            if line is not TOO_LONG and line.strip().upper() == "QUIT":
                await conn.send("221 2.0.0 Bye")
                return
            await conn.send("503 5.5.1 Bad sequence of commands")

    async def mode_pop3(self, conn):
        await conn.send("+OK POP3 server ready")
        while True:
            line = await conn.readline()
            if line is None:
                return
            if line is not TOO_LONG and line.strip().upper() == "QUIT":
                await conn.send("+OK Logging out")
                return
            await conn.send("-ERR Unknown command")

    async def mode_imap(self, conn):
        await conn.send("* OK [CAPABILITY IMAP4rev1] IMAP server ready")
        while True:
            line = await conn.readline()
            if line is None:
                return
            tag = line.split(" ", 1)[0] if line is not TOO_LONG and line.strip() else "*"
            await conn.send(f"{tag} BAD Command unrecognized")

    async def mode_http(self, conn):
        line = await conn.readline()
        if line is None:
            return
        body = "<html><body><h1>400 Bad Request</h1></body></html>\r\n"
        await conn.send(
            "HTTP/1.1 400 Bad Request",
            "Server: nginx",
            "Content-Type: text/html",
            f"Content-Length: {len(body)}",
            "Connection: close",
            "",
        )
        await conn.send_raw(body.encode())

    # --- SMTP-ish ones ---------------------------------------------------

    async def mode_no_starttls(self, conn):
        await self.smtp_session(conn, offer_starttls=False)

    async def mode_starttls_inject(self, conn):
        await self.smtp_session(conn, offer_starttls=True)

    async def mode_starttls_refused(self, conn):
        await self.smtp_session(conn, offer_starttls=True)

    async def mode_ehlo_unknown(self, conn):
        await self.smtp_session(conn, ehlo_supported=False)

    async def mode_stall_after_ehlo(self, conn):
        await self.smtp_session(conn, offer_starttls=True, stall_after_ehlo=True)

    async def mode_long_line(self, conn):
        prefix = f"220 {self.cfg.hostname} ESMTP "
        await self.smtp_session(conn, greeting=prefix + "x" * (5000 - len(prefix)))

    async def mode_garbage_greeting(self, conn):
        await self.smtp_session(conn, greeting="hello there")

    async def smtp_session(self, conn, *, greeting=None, offer_starttls=False,
                           ehlo_supported=True, stall_after_ehlo=False):
        args, host = self.args, self.cfg.hostname
        await conn.send(greeting or f"220 {host} ESMTP smtp_test_server ({self.cfg.mode})")
        helo = None
        mail_from = None
        rcpts = []
        authed = None
        stalled = False
        while True:
            line = await conn.readline()
            if line is None:
                return
            if stalled:
                log.info("%r stalled; ignoring %r", conn.peer, line if line is not TOO_LONG else "<long>")
                continue
            if line is TOO_LONG:
                await conn.send("500 5.5.2 Error: line too long")
                continue
            cmd, _, arg = line.strip().partition(" ")
            cmd = cmd.upper()
            arg = arg.strip()

            if cmd == "EHLO":
                if args.reject_ehlo:
                    await conn.send(REJECT_EHLO)
                elif not ehlo_supported:
                    await conn.send("502 5.5.2 Command not recognized")
                elif not arg:
                    await conn.send("501 5.5.4 Syntax: EHLO hostname")
                else:
                    helo, mail_from, rcpts = arg, None, []
                    lines = [f"{host} Hello {arg}", "PIPELINING", "SIZE 10240000"]
                    if offer_starttls and not conn.tls:
                        lines.append("STARTTLS")
                    lines.append("AUTH PLAIN LOGIN")
                    lines.append("8BITMIME")
                    await conn.send(*[f"250-{l}" for l in lines[:-1]], f"250 {lines[-1]}")
                    if stall_after_ehlo:
                        stalled = True
            elif cmd == "HELO":
                if args.reject_ehlo:
                    await conn.send(REJECT_EHLO)
                elif not arg:
                    await conn.send("501 5.5.4 Syntax: HELO hostname")
                else:
                    helo, mail_from, rcpts = arg, None, []
                    await conn.send(f"250 {host}")
            elif cmd == "STARTTLS" and args.mode == "starttls-refused" and helo:
                # Offered, then refused: a server whose TLS setup is broken.
                await conn.send("454 4.7.0 TLS not available due to local problem")
            elif cmd == "STARTTLS" and offer_starttls and not conn.tls and helo:
                if not await self.inject_starttls(conn):
                    return
                helo, mail_from, rcpts, authed = None, None, [], None
            elif cmd == "AUTH" and helo and ehlo_supported:
                authed = await self.scripted_auth(conn, arg, authed)
            elif cmd == "MAIL":
                if not helo:
                    await conn.send("503 5.5.1 Error: send HELO/EHLO first")
                elif mail_from is not None:
                    await conn.send("503 5.5.1 Error: nested MAIL command")
                else:
                    addr = extract_address(arg, "FROM:")
                    if addr is None:
                        await conn.send("501 5.5.4 Syntax: MAIL FROM:<address>")
                    elif args.reject_sender:
                        await conn.send(reject_sender_text(addr))
                    else:
                        mail_from = addr
                        await conn.send("250 2.1.0 Ok")
            elif cmd == "RCPT":
                if mail_from is None:
                    await conn.send("503 5.5.1 Error: need MAIL command")
                else:
                    addr = extract_address(arg, "TO:")
                    if not addr:
                        await conn.send("501 5.5.4 Syntax: RCPT TO:<address>")
                    elif args.reject_recipient:
                        await conn.send(reject_recipient_text(addr))
                    else:
                        rcpts.append(addr)
                        await conn.send("250 2.1.5 Ok")
            elif cmd == "DATA":
                if not rcpts:
                    await conn.send("503 5.5.1 Error: need RCPT command")
                    continue
                await conn.send("354 End data with <CR><LF>.<CR><LF>")
                data = await read_data(conn.reader)
                if data is None:
                    return
                if args.reject_data:
                    await conn.send(REJECT_DATA)
                else:
                    self.cfg.record_message(mail_from, rcpts, data, helo=helo,
                                            auth_user=authed, tls=conn.tls)
                    await conn.send("250 2.0.0 Ok: queued as TEST%s" % secrets.token_hex(4).upper())
                mail_from, rcpts = None, []
            elif cmd == "RSET":
                mail_from, rcpts = None, []
                await conn.send("250 2.0.0 Ok")
            elif cmd == "NOOP":
                await conn.send("250 2.0.0 Ok")
            elif cmd == "QUIT":
                await conn.send("221 2.0.0 Bye")
                return
            else:
                await conn.send("500 5.5.2 Error: command not recognized")

    async def inject_starttls(self, conn):
        """STARTTLS injection (CVE-2011-0411 style): the 220 and a forged
        reply arrive in ONE segment.  A safe client discards/rejects anything
        buffered after the 220 before the handshake."""
        await conn.send_raw(b"220 2.0.0 Ready to start TLS\r\n250 2.0.0 injected\r\n")
        try:
            await asyncio.wait_for(conn.writer.start_tls(self.ssl_ctx), 15)
        except Exception as e:  # noqa: BLE001 - any failure ends the session
            log.info("%r TLS handshake after injected reply failed: %r", conn.peer, e)
            return False
        conn.tls = True
        log.warning("%r completed TLS after the injected reply (client did not abort)", conn.peer)
        return True

    async def scripted_auth(self, conn, arg, authed):
        """Minimal AUTH PLAIN/LOGIN for scripted modes.  Logs a warning because
        a client reaching this on no-starttls sent credentials unencrypted."""
        if authed:
            await conn.send("503 5.5.1 Error: already authenticated")
            return authed
        mech, _, initial = arg.partition(" ")
        mech = mech.upper()
        if not conn.tls:
            log.warning("%r AUTH %s over an unencrypted connection", conn.peer, mech)

        async def challenge(text):
            await conn.send("334 " + base64.b64encode(text.encode()).decode())
            resp = await conn.readline()
            if resp is None or resp is TOO_LONG or resp.strip() == "*":
                return None
            try:
                return base64.b64decode(resp.strip(), validate=True)
            except binascii.Error:
                return None

        try:
            if mech == "PLAIN":
                blob = base64.b64decode(initial, validate=True) if initial else await challenge("")
                if blob is None:
                    await conn.send("501 5.7.0 Auth aborted")
                    return None
                _, login, password = blob.split(b"\x00")
            elif mech == "LOGIN":
                login = base64.b64decode(initial, validate=True) if initial else await challenge("Username:")
                password = await challenge("Password:") if login is not None else None
                if login is None or password is None:
                    await conn.send("501 5.7.0 Auth aborted")
                    return None
            else:
                await conn.send("504 5.5.4 Unrecognized authentication type")
                return None
        except (binascii.Error, ValueError):
            await conn.send("501 5.5.2 Cannot decode response")
            return None
        if self.cfg.auth_code:
            await conn.send(self.cfg.auth_code)
            return None
        if self.cfg.check_credentials(login, password):
            await conn.send("235 2.7.0 Authentication successful")
            return login.decode(errors="replace")
        await conn.send("535 5.7.8 Authentication credentials invalid")
        return None


def extract_address(arg, keyword):
    if not arg.upper().startswith(keyword):
        return None
    rest = arg[len(keyword):].strip()
    if rest.startswith("<"):
        end = rest.find(">")
        return rest[1:end] if end >= 0 else None
    return rest.split(" ", 1)[0] or None


async def read_data(reader):
    lines = []
    while True:
        try:
            line = await reader.readuntil(b"\n")
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            return None
        if line in (b".\r\n", b".\n"):
            return b"".join(lines)
        if line.startswith(b"."):
            line = line[1:]
        lines.append(line)


# ---------------------------------------------------------------------------
# old-tls: blocking, thread-per-connection implicit TLS (TLS 1.0/1.1 only)
# ---------------------------------------------------------------------------

class OldTLSServer:
    """Why not asyncio: when a server-side handshake fails, asyncio's SSL
    transport aborts the connection without flushing the alert OpenSSL
    queued, so a TLS-1.2+ client would see a bare EOF instead of the
    protocol_version alert a real old server sends.  A blocking SSLSocket
    writes the alert before raising, like a real server."""

    def __init__(self, cfg, ctx):
        self.cfg = cfg
        self.ctx = ctx
        self.stopping = threading.Event()
        self.conns = set()
        self.lock = threading.Lock()

    def start(self, host, port):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.create_server((host, port), family=family)
        self.sock.settimeout(0.2)
        threading.Thread(target=self.accept_loop, name="old-tls-accept", daemon=True).start()
        return self.sock.getsockname()[1]

    def stop(self):
        self.stopping.set()
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def accept_loop(self):
        while not self.stopping.is_set():
            try:
                raw, peer = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            threading.Thread(target=self.handle, args=(raw, peer), daemon=True).start()
        self.sock.close()

    def handle(self, raw, peer):
        log.info("old-tls: connection from %r", peer)
        with self.lock:
            self.conns.add(raw)
        try:
            raw.settimeout(self.cfg.args.idle_timeout)
            try:
                tls = self.ctx.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError) as e:
                log.info("old-tls: %r handshake failed: %s", peer, e)
                return
            log.info("old-tls: %r negotiated %s %s", peer, tls.version(), tls.cipher()[0])
            with self.lock:
                self.conns.add(tls)
            f = tls.makefile("rwb")
            host = self.cfg.hostname

            def send(*lines):
                f.write("".join(l + "\r\n" for l in lines).encode())
                f.flush()

            send(f"220 {host} ESMTP smtp_test_server (old-tls)")
            for raw_line in f:
                cmd = raw_line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
                if cmd == "EHLO":
                    send(f"250-{host}", "250-PIPELINING", "250-SIZE 10240000",
                         "250-AUTH PLAIN LOGIN", "250 8BITMIME")
                elif cmd == "HELO":
                    send(f"250 {host}")
                elif cmd in ("NOOP", "RSET"):
                    send("250 2.0.0 Ok")
                elif cmd == "QUIT":
                    send("221 2.0.0 Bye")
                    break
                else:
                    send("500 5.5.2 Error: command not recognized")
        except (OSError, ValueError) as e:
            log.info("old-tls: %r connection error: %s", peer, e)
        finally:
            with self.lock:
                self.conns.discard(raw)
            raw.close()
            log.info("old-tls: closed %r", peer)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", required=True, choices=AIOSMTPD_MODES + SCRIPTED_MODES)
    p.add_argument("--host", default="127.0.0.1", help="127.0.0.1 (default), ::1 or localhost only")
    p.add_argument("--port", type=int, default=0, help="0 (default) = ephemeral")
    p.add_argument("--hostname", default="localhost", help="name used in the greeting/EHLO reply")
    p.add_argument("--cert", help="server certificate PEM (TLS modes)")
    p.add_argument("--key", help="server private key PEM (TLS modes)")
    p.add_argument("--auth", action="store_true",
                   help="offer AUTH and require it before MAIL (530 5.7.0 otherwise)")
    p.add_argument("--auth-optional", action="store_true",
                   help="offer AUTH but do not require it")
    p.add_argument("--user", default="testuser", help="the one valid login (password: $SMTP_TEST_PASSWORD)")
    p.add_argument("--mechanisms", default="PLAIN,LOGIN", help="comma list from PLAIN,LOGIN,CRAM-MD5")
    p.add_argument("--auth-require-tls", action="store_true",
                   help="aiosmtpd: offer/accept AUTH only after STARTTLS (538 5.7.11 before)")
    p.add_argument("--require-starttls", action="store_true",
                   help="starttls mode: refuse everything but EHLO/NOOP/QUIT/STARTTLS before TLS")
    p.add_argument("--auth-code", metavar="CODE",
                   help="fail every AUTH with CODE (" + ",".join(sorted(AUTH_CODE_TEXTS)) +
                        ") or a full reply text; \\n separates multi-line reply lines")
    p.add_argument("--auth-code-immediate", action="store_true",
                   help="send --auth-code right after the AUTH command instead of after the credentials")
    p.add_argument("--messages", metavar="FILE", help="append each accepted message as a JSON line")
    p.add_argument("--reject-sender", action="store_true")
    p.add_argument("--reject-recipient", action="store_true")
    p.add_argument("--reject-data", action="store_true")
    p.add_argument("--reject-ehlo", action="store_true")
    p.add_argument("--pipelining", action="store_true", help="aiosmtpd modes: offer PIPELINING (RFC 2920)")
    p.add_argument("--smtputf8", action="store_true", help="aiosmtpd modes: offer SMTPUTF8 (RFC 6531)")
    p.add_argument("--idle-timeout", type=float, default=300, help="aiosmtpd per-connection idle timeout (s)")
    p.add_argument("--lifetime", type=float, default=900,
                   help="exit by itself after this many seconds (0 = never); default 900")
    p.add_argument("--no-stdin-watch", action="store_true",
                   help="do not exit on stdin EOF (manual use with </dev/null)")
    p.add_argument("--verbose", "-v", action="store_true", help="log every line sent/received")
    args = p.parse_args(argv)

    try:
        if args.host != "localhost" and not ipaddress.ip_address(args.host).is_loopback:
            p.error("--host must be a loopback address")
    except ValueError:
        p.error("--host must be 127.0.0.1, ::1 or localhost")
    if args.host == "localhost":
        args.host = "127.0.0.1"  # one socket, one port
    mechs = [m.strip().upper() for m in args.mechanisms.split(",") if m.strip()]
    bad = [m for m in mechs if m not in KNOWN_MECHANISMS]
    if bad:
        p.error(f"unknown mechanism(s): {','.join(bad)}")
    if (args.auth or args.auth_optional) and "SMTP_TEST_PASSWORD" not in os.environ:
        p.error("--auth needs the password in the SMTP_TEST_PASSWORD environment variable")
    if args.mode in TLS_MODES and not (args.cert and args.key):
        p.error(f"--mode {args.mode} needs --cert and --key")
    return args


def start_stdin_watch(loop, stop):
    def watch():
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        log.info("stdin reached EOF; shutting down")
        loop.call_soon_threadsafe(stop, "stdin EOF")

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def loop_exception_handler(loop, context):
    # asyncio logs failed TLS handshakes with full tracebacks; one line is plenty.
    exc = context.get("exception")
    log.info("asyncio: %s%s", context.get("message"), f" ({exc!r})" if exc else "")


async def amain(args):
    cfg = Config(args)
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(loop_exception_handler)

    stopped = asyncio.Event()

    def stop(reason):
        if not stopped.is_set():
            log.info("stopping: %s", reason)
            stopped.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop, sig.name)

    ssl_ctx = None
    if args.mode in TLS_MODES:
        try:
            ssl_ctx = make_server_context(cfg, old_tls=(args.mode == "old-tls"))
            problem = probe_old_tls(ssl_ctx) if args.mode == "old-tls" else None
        except (ssl.SSLError, ValueError) as e:
            if args.mode != "old-tls":
                raise
            problem = str(e)
        if problem:
            print(f"UNSUPPORTED old-tls: {problem}", flush=True)
            return EXIT_UNSUPPORTED

    live = set()
    listen_ssl = ssl_ctx if args.mode == "tls" else None
    old_tls = None
    blackhole = None
    if args.mode == "blackhole":
        blackhole = start_blackhole(args.host, args.port)
        port = blackhole[0].getsockname()[1]
        server = None
    elif args.mode == "old-tls":
        old_tls = OldTLSServer(cfg, ssl_ctx)
        port = old_tls.start(args.host, args.port)
        server = None
    elif args.mode in AIOSMTPD_MODES:
        factory = build_aiosmtpd_factory(cfg, ssl_ctx, live)
        server = await loop.create_server(factory, host=args.host, port=args.port,
                                          ssl=listen_ssl, reuse_address=True)
    else:
        server = await asyncio.start_server(Scripted(cfg, ssl_ctx, live), host=args.host,
                                            port=args.port, ssl=listen_ssl, limit=65536,
                                            reuse_address=True)

    if server is not None:
        port = server.sockets[0].getsockname()[1]
    log.info("mode %s listening on %s port %d", args.mode, args.host, port)
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()

    if not args.no_stdin_watch:
        start_stdin_watch(loop, stop)
    if args.lifetime > 0:
        loop.call_later(args.lifetime, stop, f"lifetime of {args.lifetime:g}s over")

    await stopped.wait()
    if blackhole is not None:
        for sock in blackhole:
            sock.close()
        return 0
    if old_tls is not None:
        old_tls.stop()
        return 0
    server.close()
    for item in list(live):
        if isinstance(item, asyncio.Task):
            item.cancel()
        elif getattr(item, "transport", None) is not None:
            item.transport.close()
    try:
        await asyncio.wait_for(server.wait_closed(), 3)
    except asyncio.TimeoutError:
        pass
    return 0


def start_blackhole(host, port):
    """A port whose accept queue is full, so new SYNs are dropped and a
    client's connect() hangs until its own timeout, as behind a firewall
    that drops packets. Loopback only, nothing is ever accepted."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((host, port))
    listener.listen(0)
    bound = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket(family, socket.SOCK_STREAM)
        filler.setblocking(False)
        try:
            filler.connect((host, bound))
        except BlockingIOError:
            pass
        fillers.append(filler)
    time.sleep(0.2)
    return [listener] + fillers


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(stream=sys.stderr,
                        level=logging.DEBUG if args.verbose else logging.INFO,
                        format="smtp_test_server[%(process)d] %(levelname)s %(name)s: %(message)s")
    # aiosmtpd logs every command (including AUTH payloads) at INFO.
    logging.getLogger("mail.log").setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    # ...and repeats this on every connection (intended here); it also warns
    # about its own use of the deprecated Session.login_data on every AUTH.
    logging.getLogger("mail.log").addFilter(
        lambda r: not any(t in r.getMessage() for t in
                          ("auth_require_tls == False", "login_data is deprecated")))
    if args.mode in AIOSMTPD_MODES:
        try:
            import aiosmtpd  # noqa: F401
        except ImportError:
            print("UNSUPPORTED aiosmtpd is not installed (apt-get install python3-aiosmtpd)", flush=True)
            return EXIT_UNSUPPORTED
    try:
        return asyncio.run(amain(args))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
