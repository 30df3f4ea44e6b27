#!/bin/sh
# Regenerates the RSA keys and PKCS#1 v1.5 signatures made by OpenSSL that the core's RSA
# verification test reads (core/src/csr/verify.rs, an independent cross-check of the `rsa`
# crate as ncpcert calls it). Only the public key and the
# signatures are kept: one file per key with lines
#   n <modulus hex>
#   e <exponent hex>
#   sig <hash> <message number> <signature hex>
# where message number i stands for the bytes "message i".
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

key() { # name bits exponent
    openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" \
        -pkeyopt "rsa_keygen_pubexp:$3" -out "$tmp/$1.pem" 2>/dev/null
    out="$1.txt"
    modulus=$(openssl pkey -in "$tmp/$1.pem" -noout -text \
        | awk '/^modulus:/{on=1; next} /^publicExponent/{on=0} on' | tr -d ' :\n')
    exponent=$(printf '%x' "$3")
    [ $((${#exponent} % 2)) -eq 0 ] || exponent="0$exponent"
    printf 'n %s\ne %s\n' "$modulus" "$exponent" > "$out"
    for hash in md5 sha1 sha224 sha256 sha384 sha512; do
        for i in 0 1; do
            printf 'message %s' "$i" > "$tmp/msg"
            sig=$(openssl dgst "-$hash" -sign "$tmp/$1.pem" "$tmp/msg" | od -An -v -tx1 | tr -d ' \n')
            printf 'sig %s %s %s\n' "$hash" "$i" "$sig" >> "$out"
        done
    done
}

key rsa-2048 2048 65537
key rsa-3072 3072 65537
key rsa-2048-e3 2048 3
key rsa-1031 1031 65537
