#!/usr/bin/python3
"""Every figure of issue 13's table in one run, the tools alternating.

    bench.py --binary SMTP_SETUP [--runs 20] [--delay 0.025]

Prints a markdown table: the medians over RUNS rounds; each round runs every
tool once per figure, in a rotating order, so machine noise hits all alike.
Asserts nothing: it reports the goals and whether each is met.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile

import screen_bench
import smtp_bench

MB = 1_000_000


def median(values):
    return statistics.median(values)


def rotate(items, by):
    by %= len(items)
    return items[by:] + items[:by]


def measure(binary, runs, delay, log):
    screens = [screen_bench.Peer("dialog"), screen_bench.Peer("whiptail"), screen_bench.Wizard(binary)]
    screen = {tool.name: {"first": [], "latency": [], "bytes": [], "rss": []} for tool in screens}
    live = {(tool, mode): [] for tool in ("swaks", "smtp-setup") for mode in ("starttls", "tls")}
    version = {"dialog": [], "smtp-setup": []}
    version_argv = {"dialog": ["/usr/bin/dialog", "--version"], "smtp-setup": [binary, "--version"]}
    servers = smtp_bench.Servers(delay)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
            tests = smtp_bench.LiveTests(servers, binary, home)
            # One unrecorded round first: page cache, certificates, the servers' imports.
            for mode in ("starttls", "tls"):
                tests.swaks(mode), tests.smtp_setup(mode)
            for tool in screens:
                screen_bench.one_session(tool)
            for round_ in range(runs):
                for tool in rotate(screens, round_):
                    first, latencies, sizes, rss = screen_bench.one_session(tool)
                    figures = screen[tool.name]
                    figures["first"].append(first)
                    figures["latency"].append(median(latencies))
                    figures["bytes"].append(sum(sizes) / len(sizes))
                    figures["rss"].append(rss)
                for mode in ("starttls", "tls"):
                    for tool in rotate(["swaks", "smtp-setup"], round_):
                        run = tests.swaks if tool == "swaks" else tests.smtp_setup
                        live[(tool, mode)].append(run(mode))
                for tool in rotate(["dialog", "smtp-setup"], round_):
                    version[tool].append(screen_bench.version_time(version_argv[tool]))
                log(f"round {round_ + 1}/{runs} done")
    finally:
        servers.close()
    return screen, live, version


def table(screen, live, version, runs, delay):
    med = {name: {key: median(values) for key, values in figures.items()} for name, figures in screen.items()}
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"
    ms2 = lambda seconds: f"{seconds * 1000:.2f} ms"
    rows = []

    def row(figure, dialog, whiptail, swaks, ours, ratio, goal, met):
        verdict = "—" if met is None else ("met" if met else "not met")
        rows.append(f"| {figure} | {dialog} | {whiptail} | {swaks} | {ours} | {ratio} | {goal} | {verdict} |")

    d, w, s = med["dialog"], med["whiptail"], med["smtp-setup"]
    ratio = s["first"] / d["first"]
    row("spawn to first full screen", ms(d["first"]), ms(w["first"]), "—", ms(s["first"]),
        f"{ratio:.2f}× dialog", "≤ 1.5× dialog", ratio <= 1.5)
    row("bytes written per typed key", f"{d['bytes']:.2f}", f"{w['bytes']:.2f}", "—", f"{s['bytes']:.2f}",
        f"{s['bytes'] / w['bytes']:.2f}× whiptail", "≤ 1.5", s["bytes"] <= 1.5)
    ratio = s["latency"] / w["latency"]
    row("echo latency per key", ms2(d["latency"]), ms2(w["latency"]), "—", ms2(s["latency"]),
        f"{ratio:.2f}× whiptail", "≤ 1.5× whiptail", ratio <= 1.5)
    row("peak memory (RSS)", f"{d['rss'] / MB:.1f} MB", f"{w['rss'] / MB:.1f} MB", "—", f"{s['rss'] / MB:.1f} MB",
        f"{s['rss'] / d['rss']:.1f}× dialog", "≤ 10 MB", s["rss"] <= 10 * MB)
    rtt = f"{delay * 2000:.0f} ms RTT"
    for mode, label in (("starttls", "STARTTLS"), ("tls", "TLS on connect")):
        swaks, ours = median(live[("swaks", mode)]), median(live[("smtp-setup", mode)])
        ratio = ours / swaks
        row(f"{label} + AUTH + MAIL/RCPT at {rtt}", "—", "—", f"{swaks:.3f} s", f"{ours:.3f} s",
            f"{ratio:.2f}× swaks", "≤ 0.85× swaks", ratio <= 0.85)
    dv, sv = median(version["dialog"]), median(version["smtp-setup"])
    row("`--version`, process start to exit", ms(dv), "—", "—", ms(sv), f"{sv / dv:.1f}× dialog", "—", None)
    header = [
        f"Medians of {runs} alternating runs, {datetime.date.today().isoformat()}, "
        f"{platform.node()} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at the end); "
        f"80x24 pty, TERM=xterm-256color; {rtt} by a delaying loopback proxy.",
        "",
        "| figure | dialog | whiptail | swaks | smtp-setup | ratio | goal | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes = [
        "",
        "How: first full screen is the time of the last byte written before the program goes quiet once "
        "its finished screen's text is there (dialog/whiptail: the Cancel button; smtp-setup: the store's "
        "state on the welcome); per key, the time to the first output showing the typed character and every "
        "byte written until quiet again (16 keys into an empty field); RSS is VmHWM just before the end; the "
        "live tests run from spawn to exit against an aiosmtpd offering PIPELINING, both verifying the "
        "certificate against the test CA file (smtp-setup's --ca-file also makes it check, on a second "
        "connection beside the login, whether the system's CAs alone would trust the server).",
    ]
    return "\n".join(header + rows + notes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True, help="the smtp-setup binary to measure")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.025, help="proxy delay each way, seconds")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    screen, live, version = measure(os.path.abspath(args.binary), args.runs, args.delay,
                                    lambda text: print(text, file=sys.stderr, flush=True))
    print(table(screen, live, version, args.runs, args.delay))


if __name__ == "__main__":
    main()
