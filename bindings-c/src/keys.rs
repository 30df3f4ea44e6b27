//! Private keys and CSRs. The key's PEM comes back in a buffer of its own, written once at
//! its final size (no reallocation leaves a copy behind), and `ncpcert_buf_free` wipes every
//! buffer before releasing it.

use crate::boundary::{run_secret, text, Failure};
use crate::{bytes, ncpcert_buf};
use ncpcert::host;
use zeroize::Zeroize;

/// Makes a private key: `out` receives the key's PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`)
/// as a JSON string.
///
/// `algorithm` is `rsa2048`, `rsa3072`, `rsa4096`, `p256` or `p384`; empty (NULL with length
/// 0) means `rsa2048`. `entropy` is at least 32 bytes the caller drew from the operating
/// system's random generator (`getrandom(2)`, `/dev/urandom`, `BCryptGenRandom`): the
/// library draws none itself, and the same bytes make the same key.
///
/// Returns 0 or 5 (argument: `key.algorithm`, `key.entropy`, NULL with a length, not UTF-8).
/// `out` as for `ncpcert_validate`; on success it holds the key: write it where only its
/// owner can read it, and release it with `ncpcert_buf_free`, which wipes it. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_generate_key(
    algorithm: *const u8,
    algorithm_len: usize,
    entropy: *const u8,
    entropy_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run_secret(out, || {
            let algorithm = text(algorithm, algorithm_len, "algorithm")?;
            let entropy = bytes(entropy, entropy_len, "entropy")?;
            let algorithm = (!algorithm.is_empty()).then_some(algorithm);
            let key = host::generate_key(algorithm, entropy).map_err(Failure::from)?;
            Ok(json_string(key.as_str()))
        })
    }
}

/// The JSON string of a PEM, in a buffer sized once: PEM text is ASCII whose only character
/// JSON escapes is the line feed (a CR, were there one, too), so twice its length plus the
/// quotes always suffices and the buffer never grows (which would leave a copy behind).
fn json_string(pem: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(pem.len() * 2 + 3);
    out.push(b'"');
    for &b in pem.as_bytes() {
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            // Never in a PEM the core writes; escaped all the same rather than emitted raw.
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b if b < 0x20 => out.push(b' '),
            b => out.push(b),
        }
    }
    out.push(b'"');
    out
}

/// Makes a CSR for `names_json`, a JSON array of domain names (the first is the common name;
/// every one goes in the subjectAltName, Unicode names as A-labels), signed with the private
/// key `key_pem` (PKCS#8, PKCS#1 `RSA PRIVATE KEY` or SEC1 `EC PRIVATE KEY` PEM: RSA 2048 to
/// 4096 bits, P-256 or P-384, unencrypted): `out` receives the CSR's PEM as a JSON string.
///
/// Returns 0, 2 (validation: `csr.names_invalid` with every finding of the domain rules) or 5
/// (argument: `key.invalid`, names that are not a JSON array of strings or none, NULL with a
/// length, not UTF-8). No error ever holds the key. `out` as for `ncpcert_validate`.
/// Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_make_csr(
    key_pem: *const u8,
    key_pem_len: usize,
    names_json: *const u8,
    names_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        crate::boundary::run(out, || {
            let key_pem = text(key_pem, key_pem_len, "key_pem")?;
            let names = text(names_json, names_len, "names_json")?;
            let names = host::json_argument(names, "names_json")?;
            let csr = host::make_csr(key_pem, &names)?;
            Ok(host::to_json_text(&csr))
        })
    }
}

/// Wipes a buffer's bytes (before it is released or dropped).
pub(crate) fn wipe(bytes: &mut [u8]) {
    bytes.zeroize();
}
