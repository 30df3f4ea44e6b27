#!/usr/bin/env bash
# Regenerates the CSR test corpus in tests/data/own/ (SPEC §5.3, §8).
#
# Requirements: bash, openssl CLI 3.x, python3 (stdlib only, for DER byte surgery).
#
# Which files exist and what they contain structurally is fixed; the keys are fresh
# random keys on every run (so the bytes differ from run to run).  Private keys live
# only in a temporary directory that is deleted on exit; the single exception is
# own/bundle-with-key.pem, which deliberately holds a CSR followed by its private key
# (to test refusal of private keys, rule C2).
#
# The expected verdicts are in own/manifest.json, written by hand from SPEC §5.2/§5.3.
# This script does not touch it; at the end it only checks that the manifest lists
# exactly the files generated here.
#
# Usage: tests/data/generate-csr-corpus.sh        (from anywhere)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/own"

command -v openssl >/dev/null || { echo "openssl not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }
case "$(openssl version)" in
  "OpenSSL 3."*) ;;
  *) echo "need OpenSSL 3.x, found: $(openssl version)" >&2; exit 1 ;;
esac

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ncpcert-csr.XXXXXXXX")"
cleanup() { rm -rf -- "$TMP"; }
trap cleanup EXIT

mkdir -p "$OUT"
# Start from scratch: remove previously generated files, keep the hand-written manifest.
find "$OUT" -maxdepth 1 -type f ! -name manifest.json -delete

# Minimal, self-contained OpenSSL config: nothing from the system openssl.cnf leaks in
# (no default attributes or extensions). The stbl_section raises the commonName upper
# bound from 64 (ub-common-name) to 128 so that long-cn.pem can be built with openssl.
CNF="$TMP/req.cnf"
cat >"$CNF" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
stbl_section = string_table
[string_table]
commonName = min:1,max:128
[req]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no
[req_dn]
CN = placeholder.example.com
EOF

SUBJ_DEFAULT="/C=KR/O=Example/CN=www.example.com"
SAN_DEFAULT="DNS:www.example.com,DNS:example.com"

log() { printf '  %s\n' "$*" >&2; }

# --- keys (all in $TMP) -------------------------------------------------------------
rsa_key() { # name bits [exponent]
  local name=$1 bits=$2 exp=${3:-65537}
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" \
    -pkeyopt "rsa_keygen_pubexp:$exp" -out "$TMP/$name.key" 2>/dev/null
  local got
  got=$(openssl pkey -in "$TMP/$name.key" -noout -text | sed -n 's/.*Private-Key: (\([0-9]*\) bit.*/\1/p')
  [ "$got" = "$bits" ] || { echo "RSA key $name has $got bits, wanted $bits" >&2; exit 1; }
}
ec_key() { # name curve
  openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" \
    -pkeyopt ec_param_enc:named_curve -out "$TMP/$1.key"
}
ed25519_key() { openssl genpkey -algorithm ED25519 -out "$TMP/$1.key"; }

# --- CSRs ------------------------------------------------------------------------------
# csr KEYNAME OUTFILE DIGEST|none SUBJECT SAN|none
csr() {
  local key=$1 out=$2 md=$3 subj=$4 san=$5
  local args=(req -new -config "$CNF" -key "$TMP/$key.key" -subj "$subj" -outform PEM -out "$out")
  [ "$md" != none ] && args+=("-$md")
  [ "$san" != none ] && args+=(-addext "subjectAltName=$san")
  openssl "${args[@]}"
  # Sanity: every generated CSR must verify before any deliberate damage.
  openssl req -in "$out" -noout -verify 2>&1 | grep -q 'verify OK' \
    || { echo "freshly generated $out does not verify" >&2; exit 1; }
}

echo "generating keys (RSA-8192 takes a while)..." >&2
rsa_key rsa1024 1024
rsa_key rsa2048 2048
rsa_key rsa2052 2052
rsa_key rsa3072 3072
rsa_key rsa4096 4096
rsa_key rsa8192 8192
rsa_key rsa2048e3 2048 3
rsa_key rsa2048b 2048
ec_key p256 P-256
ec_key p384 P-384
ec_key p521 P-521
ec_key k256 secp256k1
ed25519_key ed25519

echo "generating CSRs..." >&2
# Key types and sizes (K1, K2, K3, K4, K6)
csr rsa1024   "$OUT/rsa-1024.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2048   "$OUT/rsa-2048.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2052   "$OUT/rsa-2052.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa3072   "$OUT/rsa-3072.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa4096   "$OUT/rsa-4096.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa8192   "$OUT/rsa-8192.pem"      sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2048e3 "$OUT/rsa-2048-e3.pem"   sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr p256      "$OUT/ec-p256.pem"       sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr p384      "$OUT/ec-p384.pem"       sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr p521      "$OUT/ec-p521.pem"       sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr k256      "$OUT/ec-secp256k1.pem"  sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr ed25519   "$OUT/ed25519.pem"       none   "$SUBJ_DEFAULT" "$SAN_DEFAULT"

# Signature algorithms (S1)
csr rsa2048 "$OUT/rsa-2048-sha1.pem"   sha1   "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2048 "$OUT/rsa-2048-md5.pem"    md5    "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2048 "$OUT/rsa-2048-sha384.pem" sha384 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr rsa2048 "$OUT/rsa-2048-sha512.pem" sha512 "$SUBJ_DEFAULT" "$SAN_DEFAULT"
csr p256    "$OUT/ec-p256-sha384.pem"  sha384 "$SUBJ_DEFAULT" "$SAN_DEFAULT"

# Names (N1-N4, §5.2)
LONG_CN="this-is-a-deliberately-long-host-name-label-for-cn-testing.example.com"
[ ${#LONG_CN} -eq 70 ] || { echo "LONG_CN length ${#LONG_CN}" >&2; exit 1; }
csr rsa2048 "$OUT/cn-not-in-san.pem"   sha256 "/C=KR/O=Example/CN=other.example.com" "$SAN_DEFAULT"
csr rsa2048 "$OUT/san-ip.pem"          sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT,IP:192.0.2.10"
csr rsa2048 "$OUT/san-ip-only.pem"     sha256 "$SUBJ_DEFAULT" "IP:192.0.2.10"
csr rsa2048 "$OUT/san-email.pem"       sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT,email:admin@example.com"
csr rsa2048 "$OUT/wildcard.pem"        sha256 "/C=KR/O=Example/CN=*.example.com" "DNS:*.example.com"
csr rsa2048 "$OUT/san-underscore.pem"  sha256 "$SUBJ_DEFAULT" "$SAN_DEFAULT,DNS:a_b.example.com"
csr rsa2048 "$OUT/internal-name.pem"   sha256 "/C=KR/O=Example/CN=server.local" "DNS:server.local"
csr rsa2048 "$OUT/idn-alabel.pem"      sha256 "/C=KR/O=Example/CN=xn--3e0b707e.kr" "DNS:xn--3e0b707e.kr"
csr rsa2048 "$OUT/no-san.pem"          sha256 "$SUBJ_DEFAULT" none
csr rsa2048 "$OUT/two-cns.pem"         sha256 "/C=KR/O=Example/CN=www.example.com/CN=example.com" "$SAN_DEFAULT"
csr rsa2048 "$OUT/long-cn.pem"         sha256 "/C=KR/O=Example/CN=$LONG_CN" "DNS:$LONG_CN,$SAN_DEFAULT"

# Encodings and containers (C1, C2, C4) derived from rsa-2048.pem (and ec-p256.pem)
openssl req -in "$OUT/rsa-2048.pem" -outform DER -out "$TMP/rsa-2048.der"
cp "$TMP/rsa-2048.der" "$OUT/rsa-2048.der"
cat "$OUT/rsa-2048.pem" "$TMP/rsa2048.key" >"$OUT/bundle-with-key.pem"
cat "$OUT/rsa-2048.pem" "$OUT/ec-p256.pem" >"$OUT/two-csrs.pem"

python3 - "$OUT" "$TMP/rsa-2048.der" <<'PY'
import base64, os, sys

out, der_path = sys.argv[1], sys.argv[2]
der = open(der_path, "rb").read()
LABEL = "CERTIFICATE REQUEST"


def pem(data, label=LABEL, width=64, nl="\n"):
    b64 = base64.b64encode(data).decode("ascii")
    lines = [b64[i:i + width] for i in range(0, len(b64), width)] if width else [b64]
    return nl.join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + nl


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    kw = {} if mode == "wb" else {"newline": ""}
    with open(os.path.join(out, name), mode, **kw) as f:
        f.write(data)


def tlv(buf, pos):
    """Return (tag, header_len, content_len) of the DER element at pos."""
    tag = buf[pos]
    if tag & 0x1F == 0x1F:
        raise ValueError("high tag numbers not expected here")
    first = buf[pos + 1]
    if first < 0x80:
        return tag, 2, first
    n = first & 0x7F
    length = int.from_bytes(buf[pos + 2:pos + 2 + n], "big")
    return tag, 2 + n, length


# CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
tag, hl, ln = tlv(der, 0)
assert tag == 0x30 and hl + ln == len(der), "outer SEQUENCE"
pos = hl
children = []
while pos < len(der):
    t, h, l = tlv(der, pos)
    children.append((pos, t, h, l))
    pos += h + l
assert [c[1] for c in children] == [0x30, 0x30, 0x03], children
cri_pos, _, cri_h, cri_l = children[0]
sig_pos, _, sig_h, sig_l = children[2]

# tampered-signature.pem: flip the lowest bit of the last signature byte (the value stays
# below the modulus, so the signature is still well-formed, only wrong).
t = bytearray(der)
assert t[sig_pos + sig_h] == 0, "BIT STRING unused-bits octet"
t[sig_pos + sig_h + sig_l - 1] ^= 0x01
write("tampered-signature.pem", pem(bytes(t)))

# version-1.pem: CertificationRequestInfo.version INTEGER 0 -> 1 (only v1(0) is legal).
v = bytearray(der)
vpos = cri_pos + cri_h
assert v[vpos:vpos + 3] == b"\x02\x01\x00", v[vpos:vpos + 3]
v[vpos + 2] = 0x01
write("version-1.pem", pem(bytes(v)))

# trailing-garbage.der: a complete CSR followed by bytes that are not part of it.
write("trailing-garbage.der", der + b"\xde\xad\xbe\xefGARBAGE\n")

# Lenient PEM forms (C1), all the same valid CSR.
write("crlf.pem", pem(der, nl="\r\n"))
write("one-line.pem", pem(der, width=0))
write("legacy-label.pem", pem(der, label="NEW CERTIFICATE REQUEST"))
indented = "".join("    " + line + "\n" for line in pem(der).splitlines())
write("text-and-indent.pem",
      "Hello, here is the CSR for www.example.com you asked for:\n"
      "\n" + indented + "\n"
      "Regards,\nExample IT\n")
PY

# --- checks -----------------------------------------------------------------------------
# No private key anywhere except the one bundle file.
for f in "$OUT"/*; do
  [ "$(basename "$f")" = bundle-with-key.pem ] && continue
  [ "$(basename "$f")" = manifest.json ] && continue
  if grep -aq 'PRIVATE KEY' "$f"; then
    echo "private key material found in $f" >&2; exit 1
  fi
done
grep -q 'BEGIN PRIVATE KEY' "$OUT/bundle-with-key.pem" \
  || { echo "bundle-with-key.pem lacks its private key" >&2; exit 1; }

# The manifest (hand-written) should describe exactly the generated files.
if [ -f "$OUT/manifest.json" ]; then
  python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
listed = {e["file"] for e in json.load(open(os.path.join(out, "manifest.json")))["files"]}
present = {f for f in os.listdir(out) if f != "manifest.json"}
if listed != present:
    print("manifest.json out of step with generated files:", file=sys.stderr)
    print("  not in manifest:", sorted(present - listed), file=sys.stderr)
    print("  listed, missing:", sorted(listed - present), file=sys.stderr)
    sys.exit(1)
PY
fi

echo "wrote $(find "$OUT" -maxdepth 1 -type f ! -name manifest.json | wc -l) files to $OUT" >&2
