#!/usr/bin/env bash
# check_servers.sh — self-test for smtp_test_server.py and make_certs.sh.
#
# Starts every mode on 127.0.0.1 (one also on ::1), pokes it with swaks,
# `openssl s_client` or talk.py, checks the replies, and stops it again.
# Needs: /usr/bin/python3 with python3-aiosmtpd, openssl, swaks
# (apt-get install -y python3-aiosmtpd swaks).  Prints one line per check
# and ends with "N passed, N failed"; exit status 0 only if nothing failed.
# Set KEEP=1 to keep the temp dir (server logs are in err.N files).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
SERVER="$HERE/smtp_test_server.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/check_servers.XXXXXX")
CERTS="$WORK/certs"
PASS=0
FAIL=0
N=0
ALL_PIDS=()

export SMTP_TEST_PASSWORD='s3cret pass'
USER_OK=testuser

cleanup() {
    local p
    for p in "${ALL_PIDS[@]}"; do
        if kill -0 "$p" 2>/dev/null; then
            kill -TERM "$p" 2>/dev/null
            wait "$p" 2>/dev/null
        fi
    done
    if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

for tool in openssl swaks "$PY"; do
    command -v "$tool" >/dev/null || { echo "check_servers.sh: $tool is missing" >&2; exit 2; }
done
"$PY" -c 'import aiosmtpd' 2>/dev/null || { echo "check_servers.sh: python3-aiosmtpd is missing" >&2; exit 2; }

ok()  { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() {
    FAIL=$((FAIL + 1)); echo "FAIL - $1"
    if [[ -n "${2:-}" && -f "$2" ]]; then sed 's/^/     | /' "$2" | head -60; fi
}

# expect NAME FILE REGEX...   all (extended) regexes must match somewhere in FILE
# A regex starting with "!" must NOT match.
expect() {
    local name=$1 file=$2 re
    shift 2
    for re in "$@"; do
        if [[ $re == !* ]]; then
            if grep -qE -- "${re:1}" "$file"; then bad "$name (unexpected /${re:1}/)" "$file"; return; fi
        elif ! grep -qE -- "$re" "$file"; then
            bad "$name (missing /$re/)" "$file"; return
        fi
    done
    ok "$name"
}

# start ARGS...  -> PORT, SPID, SFD (write end of the server's stdin), ERR (its stderr)
start() {
    N=$((N + 1))
    local fifo="$WORK/in.$N" out="$WORK/out.$N" i
    ERR="$WORK/err.$N"
    mkfifo "$fifo"
    "$PY" "$SERVER" "$@" <"$fifo" >"$out" 2>"$ERR" &
    SPID=$!
    ALL_PIDS+=("$SPID")
    exec {SFD}>"$fifo"
    PORT=
    for ((i = 0; i < 100; i++)); do
        if [[ -s $out ]] && read -r word PORT <"$out" && [[ $word == READY ]]; then break; fi
        PORT=
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z $PORT ]]; then
        bad "start $* (no READY line)" "$ERR"
        cat "$out"
        return 1
    fi
}

# stop: SIGTERM, must exit 0 within 5 s
stop() {
    local i name="stop ${1:-server} on SIGTERM -> exit 0"
    kill -TERM "$SPID" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID"; wait "$SPID" 2>/dev/null
        bad "$name (still running after 5 s)" "$ERR"
    else
        wait "$SPID"; local rc=$?
        if [[ $rc -eq 0 ]]; then [[ -n ${QUIET_STOP:-} ]] || ok "$name"; else bad "$name (rc=$rc)" "$ERR"; fi
    fi
    exec {SFD}>&-
}

talk() { "$PY" "$HERE/talk.py" "$PORT" "$@"; }
T() { echo "$WORK/t.$N.$1"; }   # scratch file name

sw() {  # swaks with sane defaults against $PORT
    swaks -s 127.0.0.1 -p "$PORT" --timeout 5 -t bob@example.org -f "$USER_OK@localhost" "$@" 2>&1
}

s_client() {  # s_client ARGS...  (handshake only, then EOF)
    openssl s_client -CAfile "$CERTS/ca.pem" -verify_return_error "$@" </dev/null 2>&1
}

echo "# certificates"
if "$HERE/make_certs.sh" "$CERTS" >"$(T mc)" 2>&1 && [[ ! -s "$(T mc)" ]]; then ok "make_certs.sh runs quietly"; else bad "make_certs.sh" "$(T mc)"; fi
"$HERE/make_certs.sh" "$CERTS" >"$(T mc2)" 2>&1 && ok "make_certs.sh is idempotent" || bad "make_certs.sh second run" "$(T mc2)"
if "$HERE/make_certs.sh" >/dev/null 2>&1; then bad "make_certs.sh without OUTDIR fails"; else ok "make_certs.sh without OUTDIR fails"; fi
for n in good expired notyet wrongname selfsigned; do
    openssl verify -CAfile "$CERTS/ca.pem" -verify_hostname localhost "$CERTS/$n.pem" >"$(T v$n)" 2>&1
done
expect "good verifies for localhost"         "$(T vgood)"       "good.pem: OK"
expect "expired is expired"                  "$(T vexpired)"    "certificate has expired"
expect "notyet is not yet valid"             "$(T vnotyet)"     "certificate is not yet valid"
expect "wrongname fails hostname check"      "$(T vwrongname)"  "hostname mismatch"
expect "selfsigned is self-signed"           "$(T vselfsigned)" "self-signed certificate"
GOOD=(--cert "$CERTS/good.pem" --key "$CERTS/good.key")

echo "# plain (aiosmtpd) with AUTH"
MSGS="$WORK/messages.jsonl"
start --mode plain --auth --mechanisms PLAIN,LOGIN,CRAM-MD5 --messages "$MSGS" && {
    for m in PLAIN LOGIN CRAM-MD5; do
        sw -a "$m" -au "$USER_OK" -ap "$SMTP_TEST_PASSWORD" >"$(T "ok$m")"
        expect "plain: AUTH $m good password delivers" "$(T "ok$m")" \
            "250-AUTH CRAM-MD5 LOGIN PLAIN" "235 2.7.0 Authentication successful" "250 2.0.0 Ok: queued" "221 2.0.0 Bye"
        sw -a "$m" -au "$USER_OK" -ap wrong >"$(T "bad$m")"
        expect "plain: AUTH $m wrong password -> 535 5.7.8" "$(T "bad$m")" "535 5.7.8 Authentication credentials invalid"
    done
    sw -a CRAM-MD5 -au nobody -ap "$SMTP_TEST_PASSWORD" >"$(T cramuser)"
    expect "plain: CRAM-MD5 wrong user -> 535" "$(T cramuser)" "535 5.7.8"
    talk "EHLO me" "MAIL FROM:<a@localhost>" QUIT >"$(T noauth)"
    expect "plain: MAIL before AUTH -> 530 5.7.0" "$(T noauth)" "530 5.7.0 Authentication required"
    talk "EHLO me" "AUTH LOGIN" "*" QUIT >"$(T abort)"
    expect "plain: AUTH LOGIN aborted with * -> single 501" "$(T abort)" \
        "334 VXNlciBOYW1lAA==" "501 5.7.0 Auth aborted" "!535"
    talk "EHLO me" "AUTH CRAM-MD5 Zm9v" "AUTH CRAM-MD5" "*" QUIT >"$(T cramabort)"
    expect "plain: CRAM-MD5 initial response -> 501, abort -> single 501" "$(T cramabort)" \
        "501 5.5.2 CRAM-MD5 does not take an initial response" "S: 334 [A-Za-z0-9+/=]+" "501 5.7.0 Auth aborted" "!535"
    "$PY" - "$MSGS" >"$(T json)" 2>&1 <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 3, len(rows)
for r in rows:
    assert r["mail_from"] == "testuser@localhost", r
    assert r["rcpt_tos"] == ["bob@example.org"], r
    assert "Subject: test" in r["data"] and "\r\n\r\nThis is a test" in r["data"], r["data"]
    assert r["auth_user"] == "testuser" and r["tls"] is False
print("messages ok")
EOF
    expect "plain: --messages has 3 JSON lines with mail_from/rcpt_tos/data" "$(T json)" "messages ok"
    stop plain
}

start --mode plain --messages "$MSGS.noauth" && {
    sw >"$(T plain)"
    talk "EHLO me" "AUTH PLAIN AHRlc3R1c2VyAHgK" QUIT >"$(T plain2)"
    expect "plain without --auth: delivers, no AUTH offered" "$(T plain)" "250 2.0.0 Ok: queued" "!250-AUTH"
    expect "plain without --auth: AUTH -> 503" "$(T plain2)" "503 5.5.1 Error: authentication not enabled"
    stop
}

start --mode plain --auth --auth-require-tls && {
    talk "EHLO me" "AUTH PLAIN AHRlc3R1c2VyAHgK" QUIT >"$(T reqtls)"
    expect "plain --auth-require-tls: AUTH not offered, AUTH -> 538 5.7.11" "$(T reqtls)" \
        "!S: 250.AUTH" "538 5.7.11 Encryption required for requested authentication mechanism"
    stop
}

start --mode plain --auth --mechanisms PLAIN && {
    talk "EHLO me" "AUTH CRAM-MD5" "AUTH LOGIN" QUIT >"$(T mech)"
    expect "plain --mechanisms PLAIN: only PLAIN offered, others 504" "$(T mech)" \
        "250-AUTH PLAIN$" "504 5.5.4 Unrecognized authentication type"
    stop
}

start --mode plain --auth --mechanisms PLAIN,LOGIN,CRAM-MD5 --auth-code 534 && {
    for m in PLAIN LOGIN CRAM-MD5; do sw -a "$m" -au "$USER_OK" -ap "$SMTP_TEST_PASSWORD" >>"$(T code534)"; done
    expect "plain --auth-code 534: every mechanism fails with 534 5.7.9 after credentials" "$(T code534)" \
        "334 UGFzc3dvcmQA" "534 5.7.9 Please log in with your web browser" "!235"
    [[ $(grep -c "534 5.7.9" "$(T code534)") -eq 3 ]] && ok "plain --auth-code 534: three 534 replies" || bad "three 534 replies" "$(T code534)"
    stop
}

start --mode plain --auth --auth-code 530 --auth-code-immediate && {
    talk "EHLO me" "AUTH LOGIN" QUIT >"$(T code530)"
    expect "plain --auth-code 530 --auth-code-immediate: 530 right after AUTH" "$(T code530)" \
        "C: AUTH LOGIN" "S: 530 5.7.0 Must issue a STARTTLS command first" "!334"
    stop
}

start --mode plain --auth --auth-code '534-5.7.9 Application-specific password required.\n534 5.7.9 https://support.example/?p=asp' && {
    sw -a PLAIN -au "$USER_OK" -ap "$SMTP_TEST_PASSWORD" >"$(T codeml)"
    expect "plain --auth-code with \\n: multi-line reply" "$(T codeml)" \
        "534-5.7.9 Application-specific password required\." "534 5.7.9 https://support.example/\?p=asp"
    stop
}

start --mode plain --reject-sender && {
    sw >"$(T rs)"; expect "plain --reject-sender -> 550 5.7.1 on MAIL" "$(T rs)" "550 5.7.1 <testuser@localhost>: Sender address rejected"
    stop
}
start --mode plain --reject-recipient && {
    sw >"$(T rr)"; expect "plain --reject-recipient -> 550 5.1.1 on RCPT" "$(T rr)" "550 5.1.1 <bob@example.org>: Recipient address rejected"
    stop
}
start --mode plain --reject-data --messages "$MSGS.rejected" && {
    sw >"$(T rd)"; expect "plain --reject-data -> 554 5.7.1 after DATA" "$(T rd)" "354 End data" "554 5.7.1 Message rejected"
    [[ ! -s "$MSGS.rejected" ]] && ok "plain --reject-data: nothing recorded" || bad "rejected message was recorded" "$MSGS.rejected"
    stop
}
start --mode plain --reject-ehlo && {
    talk "EHLO me" "HELO me" "MAIL FROM:<a@b>" QUIT >"$(T re)"
    expect "plain --reject-ehlo: EHLO and HELO -> 501 5.5.4" "$(T re)" "C: EHLO me" "S: 501 5.5.4 Invalid domain name" "C: HELO me" "503 Error: send HELO first"
    [[ $(grep -c "501 5.5.4 Invalid domain name" "$(T re)") -eq 2 ]] && ok "plain --reject-ehlo: two 501 replies" || bad "two 501 replies" "$(T re)"
    stop
}

echo "# starttls (aiosmtpd)"
start --mode starttls "${GOOD[@]}" --auth --auth-require-tls --messages "$MSGS.tls" && {
    talk "EHLO me" QUIT >"$(T st0)"
    expect "starttls --auth-require-tls: STARTTLS offered, AUTH not before TLS" "$(T st0)" "250-STARTTLS" "!AUTH"
    sw -tls --tls-verify --tls-ca-path "$CERTS/ca.pem" -a LOGIN -au "$USER_OK" -ap "$SMTP_TEST_PASSWORD" >"$(T st1)"
    expect "starttls: swaks STARTTLS (verified) + AUTH LOGIN delivers" "$(T st1)" \
        "220 Ready to start TLS" "TLS started" "~> EHLO" "<~  250-AUTH LOGIN PLAIN" "<~  235 2.7.0" "<~  250 2.0.0 Ok: queued"
    grep -q '"tls": true' "$MSGS.tls" && ok "starttls: message recorded with tls=true" || bad "tls=true in messages" "$MSGS.tls"
    s_client -connect "127.0.0.1:$PORT" -starttls smtp -verify_hostname localhost >"$(T st2)"
    expect "starttls: openssl s_client -starttls smtp verifies good cert" "$(T st2)" "Verify return code: 0 \(ok\)"
    stop starttls
}
start --mode starttls "${GOOD[@]}" --require-starttls && {
    talk "EHLO me" "MAIL FROM:<a@b>" QUIT >"$(T rst)"
    expect "starttls --require-starttls: MAIL before TLS -> 530" "$(T rst)" "530 Must issue a STARTTLS command first"
    stop
}
start --mode starttls "${GOOD[@]}" --auth && {
    talk "EHLO me" QUIT >"$(T stauth)"
    expect "starttls --auth without --auth-require-tls: AUTH offered before TLS" "$(T stauth)" "250-STARTTLS" "250-AUTH LOGIN PLAIN"
    stop
}

echo "# tls (implicit, aiosmtpd) and certificate variants"
start --mode tls "${GOOD[@]}" --auth --auth-require-tls --mechanisms PLAIN,LOGIN,CRAM-MD5 && {
    sw -tlsc --tls-verify --tls-ca-path "$CERTS/ca.pem" -a CRAM-MD5 -au "$USER_OK" -ap "$SMTP_TEST_PASSWORD" >"$(T tls1)"
    expect "tls: swaks tls-on-connect (verified) + CRAM-MD5 delivers (auth-require-tls ok on implicit TLS)" "$(T tls1)" \
        "TLS started" "<~  220 localhost ESMTP" "<~  250-AUTH CRAM-MD5 LOGIN PLAIN" "<~  235 2.7.0" "<~  250 2.0.0 Ok: queued"
    talk "EHLO me" >"$(T tls2)"
    expect "tls: plaintext client gets no greeting" "$(T tls2)" "^(TIMEOUT|CLOSED)" "!220"
    stop tls
}
for n in good expired notyet wrongname selfsigned; do
    start --mode tls --cert "$CERTS/$n.pem" --key "$CERTS/$n.key" || continue
    s_client -connect "127.0.0.1:$PORT" -verify_hostname localhost >"$WORK/cert.$n"
    QUIET_STOP=1 stop
done
expect "tls good cert: verify ok"                   "$WORK/cert.good"       "Verify return code: 0 \(ok\)"
expect "tls expired cert: certificate has expired"  "$WORK/cert.expired"    "certificate has expired"
expect "tls notyet cert: not yet valid"             "$WORK/cert.notyet"     "certificate is not yet valid"
expect "tls wrongname cert: hostname mismatch"      "$WORK/cert.wrongname"  "hostname mismatch"
expect "tls selfsigned cert: self-signed"           "$WORK/cert.selfsigned" "self-signed certificate"

start --mode tls --host ::1 "${GOOD[@]}" && {
    s_client -connect "[::1]:$PORT" -verify_ip ::1 >"$(T v6)"
    expect "tls on ::1: verify ok for IP ::1" "$(T v6)" "Verify return code: 0 \(ok\)"
    stop "tls on ::1"
}

echo "# scripted modes"
start --mode silent && {
    talk --wait 1.5 "EHLO me" >"$(T silent)"
    expect "silent: no greeting, no reply, stays open" "$(T silent)" "^TIMEOUT" "!CLOSED" "!S:"
    stop silent
}
start --mode close && {
    talk >"$(T close)"; expect "close: closed without a byte" "$(T close)" "^CLOSED" "!S:"
    stop close
}
start --mode greet421 && {
    talk >"$(T g421)"; expect "greet421: 421 then close" "$(T g421)" "^S: 421 4.3.2 Service not available, closing transmission channel$" "^CLOSED"
    stop greet421
}
start --mode greet554 && {
    talk "EHLO me" QUIT >"$(T g554)"
    expect "greet554: 554, 503 to EHLO, 221 to QUIT" "$(T g554)" "^S: 554 5.7.1 No SMTP service here$" "S: 503 5.5.1" "S: 221" "^CLOSED"
    stop greet554
}
start --mode pop3 && {
    talk "EHLO me" QUIT >"$(T pop3)"; expect "pop3: +OK greeting" "$(T pop3)" "^S: \+OK POP3 server ready$" "S: -ERR"
    stop pop3
}
start --mode imap && {
    talk "EHLO me" >"$(T imap)"; expect "imap: * OK greeting" "$(T imap)" "^S: \* OK \[CAPABILITY IMAP4rev1\] IMAP server ready$" "S: EHLO BAD"
    stop imap
}
start --mode http && {
    talk "EHLO me" >"$(T http)"
    expect "http: silent until a line, then HTTP 400 and close" "$(T http)" "^TIMEOUT" "S: HTTP/1.1 400 Bad Request" "^CLOSED"
    stop http
}
start --mode no-starttls && {
    talk "EHLO me" "STARTTLS" "NOOP" QUIT >"$(T nost)"
    expect "no-starttls: EHLO without STARTTLS, 500 to STARTTLS, 221 to QUIT" "$(T nost)" \
        "S: 250-PIPELINING" "S: 250-SIZE 10240000" "S: 250-AUTH PLAIN LOGIN" "!250.STARTTLS" "C: STARTTLS" "S: 500 " "S: 221" "^CLOSED"
    stop no-starttls
}
start --mode starttls-inject "${GOOD[@]}" && {
    talk --chunks --cafile "$CERTS/ca.pem" "EHLO me" STARTTLS @STARTTLS "EHLO me" QUIT >"$(T inj)"
    expect "starttls-inject: 220 and injected 250 in one segment, then TLS anyway" "$(T inj)" \
        "250-STARTTLS" "^CHUNK 50 b'220 2.0.0 Ready to start TLS\\\\r\\\\n250 2.0.0 injected\\\\r\\\\n'$" "^TLS TLSv1.3" "S: 221"
    stop starttls-inject
}
start --mode ehlo-unknown && {
    talk "EHLO me" "HELO me" "MAIL FROM:<a@localhost>" "RCPT TO:<b@localhost>" RSET "XYZZY" QUIT >"$(T eu)"
    expect "ehlo-unknown: 502 to EHLO, HELO/MAIL/RCPT/RSET ok, 500 unknown, 221" "$(T eu)" \
        "S: 502 5.5.2 Command not recognized" "S: 250 localhost" "S: 250 2.1.0" "S: 250 2.1.5" "S: 250 2.0.0 Ok" "S: 500 " "S: 221"
    stop ehlo-unknown
}
start --mode stall-after-ehlo && {
    talk --wait 1.5 "EHLO me" NOOP QUIT >"$(T stall)"
    expect "stall-after-ehlo: EHLO answered, then silence" "$(T stall)" "S: 250 8BITMIME" "C: NOOP" "^TIMEOUT" "!S: 221"
    stop stall-after-ehlo
}
start --mode old-tls "${GOOD[@]}" && {
    talk --tls --tls12 --cafile "$CERTS/ca.pem" >"$(T old12)"
    expect "old-tls: TLS>=1.2 client fails with a protocol_version alert" "$(T old12)" "TLSERROR .*(ALERT_PROTOCOL_VERSION|alert protocol version)"
    s_client -connect "127.0.0.1:$PORT" -tls1_2 >"$(T olds)"
    expect "old-tls: openssl s_client -tls1_2 fails (unsupported protocol)" "$(T olds)" "unsupported protocol"
    talk --tls --cafile "$CERTS/ca.pem" >"$(T olddef)"
    expect "old-tls: OpenSSL-3 default client fails too (legacy sigalg)" "$(T olddef)" "TLSERROR"
    talk --tls --tls11 --cafile "$CERTS/ca.pem" "EHLO me" QUIT >"$(T old11)"
    expect "old-tls: TLS 1.1 client (SECLEVEL=0) gets SMTP" "$(T old11)" "^TLS TLSv1\.1$" "S: 220 localhost" "S: 221"
    stop old-tls
}
start --mode long-line && {
    talk "EHLO me" QUIT >"$(T long)"
    len=$(grep -m1 '^S: 220' "$(T long)" | sed 's/^S: //' | tr -d '\n' | wc -c)
    [[ $len -eq 5000 ]] && ok "long-line: greeting line is 5000 chars" || bad "long-line greeting length $len" "$(T long)"
    stop long-line
}
start --mode garbage-greeting && {
    talk QUIT >"$(T garb)"; expect "garbage-greeting: 'hello there'" "$(T garb)" "^S: hello there$"
    stop garbage-greeting
}

echo "# lifecycle and argument checks"
start --mode plain && {
    exec {SFD}>&-
    for ((i = 0; i < 50; i++)); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SPID" 2>/dev/null; then bad "stdin EOF: server still running" "$ERR"; kill -TERM "$SPID"; wait "$SPID"
    else wait "$SPID"; rc=$?; [[ $rc -eq 0 ]] && ok "stdin EOF -> exits 0 by itself" || bad "stdin EOF exit rc=$rc" "$ERR"; fi
}
start --mode silent --lifetime 1 && {
    talk --wait 0.5 >/dev/null   # an open connection must not keep it alive
    sleep 1.5
    if kill -0 "$SPID" 2>/dev/null; then bad "--lifetime 1: still running" "$ERR"; QUIET_STOP=1 stop
    else wait "$SPID"; rc=$?; exec {SFD}>&-; [[ $rc -eq 0 ]] && ok "--lifetime 1 -> exits 0" || bad "--lifetime rc=$rc" "$ERR"; fi
}
start --mode silent && {
    talk --wait 5 >"$(T busy)" &
    tpid=$!
    sleep 0.5
    stop "silent with an open client connection"
    wait "$tpid"
}
"$PY" "$SERVER" --mode plain --host 192.0.2.1 </dev/null >"$(T host)" 2>&1
[[ $? -eq 2 ]] && grep -q "loopback" "$(T host)" && ok "non-loopback --host refused" || bad "non-loopback --host" "$(T host)"
env -u SMTP_TEST_PASSWORD "$PY" "$SERVER" --mode plain --auth </dev/null >"$(T nopw)" 2>&1
[[ $? -eq 2 ]] && grep -q "SMTP_TEST_PASSWORD" "$(T nopw)" && ok "--auth without SMTP_TEST_PASSWORD refused" || bad "--auth without password" "$(T nopw)"
"$PY" "$SERVER" --mode tls </dev/null >"$(T nocert)" 2>&1
[[ $? -eq 2 ]] && grep -q "needs --cert" "$(T nocert)" && ok "tls without --cert refused" || bad "tls without cert" "$(T nocert)"

alive=0
for p in "${ALL_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
[[ $alive -eq 0 ]] && ok "no server process left running (${#ALL_PIDS[@]} started)" || bad "$alive server processes still running"

echo
echo "$PASS passed, $FAIL failed"
[[ $FAIL -eq 0 ]]
