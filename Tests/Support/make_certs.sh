#!/usr/bin/env bash
# make_certs.sh OUTDIR
#
# Creates a throw-away test PKI for the SMTP test servers (see README.md):
#   ca.pem / ca.key                 test CA (valid 2019-01-01 .. 2100-01-01)
#   good.pem / good.key             CA-signed, SAN DNS:localhost IP:127.0.0.1 IP:::1,
#                                   valid from one hour ago for 30 days
#   expired.pem / expired.key       same SANs, valid 2020-01-01 .. 2021-01-01
#   notyet.pem / notyet.key         same SANs, valid 2099-01-01 .. 2100-01-01
#   wrongname.pem / wrongname.key   CN + SAN DNS:mail.example.net only
#   selfsigned.pem / selfsigned.key self-signed, SAN DNS:localhost IP:127.0.0.1
#
# Keys are EC P-256 (PKCS#8 PEM).  Everything is regenerated on every run
# (so the "good" cert never goes stale); files are built in a temp dir and
# then moved into OUTDIR, under an flock so concurrent runs don't interleave.
# Quiet on success, non-zero exit (with openssl's messages) on failure.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
OUTDIR=$1
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)

exec 9>"$OUTDIR/.make_certs.lock"
flock 9

WORK=$(mktemp -d "${TMPDIR:-/tmp}/make_certs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/openssl.log"

# Run openssl quietly; on failure show what it said.
ossl() {
    if ! openssl "$@" >>"$LOG" 2>&1; then
        echo "make_certs.sh: openssl $1 failed:" >&2
        cat "$LOG" >&2
        exit 1
    fi
}

newkey() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

cd "$WORK"
mkdir newcerts
: >index.txt
echo "unique_subject = no" >index.txt.attr
echo 1000 >serial

cat >ca.cnf <<'EOF'
[ ca ]
default_ca = testca

[ testca ]
dir              = .
database         = ./index.txt
new_certs_dir    = ./newcerts
serial           = ./serial
default_md       = sha256
policy           = policy_any
unique_subject   = no
copy_extensions  = none
email_in_dn      = no

[ policy_any ]
organizationName = optional
commonName       = supplied

[ req ]
distinguished_name = req_dn
prompt             = no

[ req_dn ]
CN = unused

[ ext_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ ext_local ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:localhost, IP:127.0.0.1, IP:::1

[ ext_wrongname ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:mail.example.net

# what `openssl req -x509 -addext subjectAltName=...` typically gives an admin
[ ext_selfsigned ]
basicConstraints       = CA:TRUE
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
subjectAltName         = DNS:localhost, IP:127.0.0.1
EOF

# --- CA (self-signed through `openssl ca -selfsign` so its dates can be set)
newkey ca.key
ossl req -new -config ca.cnf -key ca.key -subj "/O=smtp-setup tests/CN=smtp-setup Test CA" -out ca.csr
ossl ca -batch -config ca.cnf -selfsign -keyfile ca.key -extensions ext_ca \
    -startdate 20190101000000Z -enddate 21000101000000Z \
    -notext -in ca.csr -out ca.pem

# --- CA-signed leaves: sign NAME CN EXT STARTDATE ENDDATE
sign() {
    local name=$1 cn=$2 ext=$3 start=$4 end=$5
    newkey "$name.key"
    ossl req -new -config ca.cnf -key "$name.key" -subj "/O=smtp-setup tests/CN=$cn" -out "$name.csr"
    ossl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -extensions "$ext" \
        -startdate "$start" -enddate "$end" -notext -in "$name.csr" -out "$name.pem"
}

now_start=$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)
now_end=$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)

sign good      localhost        ext_local     "$now_start"      "$now_end"
sign expired   localhost        ext_local     20200101000000Z   20210101000000Z
sign notyet    localhost        ext_local     20990101000000Z   21000101000000Z
sign wrongname mail.example.net ext_wrongname "$now_start"      "$now_end"

# --- self-signed leaf
newkey selfsigned.key
ossl req -new -x509 -config ca.cnf -key selfsigned.key -subj "/O=smtp-setup tests/CN=localhost" \
    -extensions ext_selfsigned -days 30 -out selfsigned.pem

# --- sanity: the CA-signed ones must verify (the dated ones at a time inside
#     their window), so a broken config fails here rather than in a test.
ossl verify -CAfile ca.pem good.pem
ossl verify -CAfile ca.pem wrongname.pem
ossl verify -CAfile ca.pem -attime "$(date -u -d 2020-06-01 +%s)" expired.pem
ossl verify -CAfile ca.pem -attime "$(date -u -d 2099-06-01 +%s)" notyet.pem

for n in ca good expired notyet wrongname selfsigned; do
    chmod 600 "$n.key"
    mv -f "$n.key" "$OUTDIR/$n.key"
    mv -f "$n.pem" "$OUTDIR/$n.pem"
done
