#!/usr/bin/env bash
# Test data of the order workflow's identity rule 3 (SPEC §14): a CSR, a certificate for its
# key, and a certificate for the same names with another key. Run from this directory;
# needs the openssl command.
set -euo pipefail
subj=/CN=www.example.com
san=subjectAltName=DNS:www.example.com,DNS:example.com
openssl req -new -newkey rsa:2048 -nodes -keyout key.tmp -subj "$subj" -addext "$san" \
  -out request.csr.pem 2>/dev/null
openssl req -x509 -key key.tmp -subj "$subj" -addext "$san" -days 90 -out same-key.cert.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.tmp \
  -subj "$subj" -addext "$san" -days 90 -out other-key.cert.pem 2>/dev/null
rm -f key.tmp other.tmp
openssl req -in request.csr.pem -pubkey -noout > request.pubkey.pem
