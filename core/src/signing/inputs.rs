//! Checks on what goes into a signature. Each returns a [`SigningError`] that says
//! what to do; none of them ever echoes a secret key.

use super::error::{SigningError, SigningErrorKind};
use crate::report::excerpt;
use std::borrow::Cow;
use std::fmt::Write as _;

/// Smallest accepted timestamp: 10^12 ms is 2001-09-09. Anything below is almost surely a
/// count of seconds.
pub const MIN_TIMESTAMP_MS: u64 = 1_000_000_000_000;

/// Largest accepted timestamp: 10^14 ms is the year 5138. Anything above is almost surely
/// microseconds or nanoseconds (e.g. Python's `time.time_ns()`).
pub const MAX_TIMESTAMP_MS: u64 = 100_000_000_000_000;

/// A 256-entry membership table: alphanumerics plus `extra` (signing runs these checks on
/// every request, so a lookup beats scanning a list of punctuation per byte).
const fn byte_table(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
}

/// RFC 9110 §5.6.2 `tchar`.
const TCHAR: [bool; 256] = byte_table(b"!#$%&'*+-.^_`|~");

fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// Returns the method upper-cased, as HTTP clients send it.
pub(crate) fn check_method(method: &str) -> Result<Cow<'_, str>, SigningError> {
    if method.is_empty() {
        return Err(SigningError::new(
            SigningErrorKind::Method,
            "the HTTP method is empty; pass the method the request is sent with, e.g. \"POST\"",
        ));
    }
    if let Some((i, c)) = method
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() || !is_tchar(c as u8))
    {
        return Err(SigningError::new(
            SigningErrorKind::Method,
            format!(
                "the HTTP method {:?} holds {} at position {i}; a method is a single word such as \"POST\"",
                excerpt(method),
                describe_char(c)
            ),
        ));
    }
    if method.bytes().any(|b| b.is_ascii_lowercase()) {
        Ok(Cow::Owned(method.to_ascii_uppercase()))
    } else {
        Ok(Cow::Borrowed(method))
    }
}

/// RFC 3986 characters allowed in a path or query as they appear on the wire: unreserved,
/// sub-delims, `:`, `@`, `/`, `?` and `%` (the latter checked to start a `%XX` escape).
const WIRE: [bool; 256] = byte_table(b"-._~!$&'()*+,;=:@/?%");
/// [`WIRE`] without `%`: bytes that need no further look.
const WIRE_PLAIN: [bool; 256] = byte_table(b"-._~!$&'()*+,;=:@/?");

fn is_wire_char(b: u8) -> bool {
    WIRE[b as usize]
}

/// The path-and-query must be exactly what the HTTP client puts in the request line.
pub(crate) fn check_path_and_query(path: &str) -> Result<(), SigningError> {
    check_wire_path(path)
}

/// Like [`check_path_and_query`] for a base URL's path prefix, which may be empty.
pub(crate) fn check_path_prefix(prefix: &str) -> Result<(), SigningError> {
    if prefix.is_empty() {
        return Ok(());
    }
    check_wire_path(prefix)
}

fn check_wire_path(path: &str) -> Result<(), SigningError> {
    let err = |msg: String| Err(SigningError::new(SigningErrorKind::PathAndQuery, msg));
    if !path.starts_with('/') {
        return err(format!(
            "the path {:?} does not start with '/'; sign the request-target as it goes on the wire, \
             e.g. \"/api/v2/certificate/requestPaidCertificateIssuance\" (no scheme, no host)",
            excerpt(path)
        ));
    }
    let bytes = path.as_bytes();
    // Fast path: one table look-up per byte, no branch on the contents.
    if bytes
        .iter()
        .fold(true, |ok, &b| ok & WIRE_PLAIN[b as usize])
    {
        return Ok(());
    }
    for (i, &b) in bytes.iter().enumerate() {
        if is_wire_char(b) && b != b'%' {
            continue;
        }
        // The slow path: work out what is wrong and say so.
        let c = path
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{fffd}');
        if !c.is_ascii() {
            return err(format!(
                "the path holds the non-ASCII character {c:?} at byte {i}; percent-encode it (UTF-8) \
                 before signing, e.g. {c:?} -> {}, and send that same encoded path",
                percent_encode_char(c)
            ));
        }
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if hex(i + 1) && hex(i + 2) {
                continue;
            }
            return err(format!(
                "the path holds a '%' at byte {i} that does not start a %XX escape; \
                 write a literal '%' as %25"
            ));
        }
        let hint = match b {
            b'#' => "a fragment ('#…') is never sent to the server; remove it",
            b' ' => "encode a space as %20 (or '+' in a query, whichever the server expects) before signing",
            b'\r' | b'\n' => "a line break cannot be part of a request line",
            _ => "percent-encode it before signing and send that same encoded path",
        };
        return err(format!(
            "the path holds {} at byte {i}, which cannot appear in a request line as is; {hint}",
            describe_char(c)
        ));
    }
    Ok(())
}

pub(crate) fn check_timestamp(timestamp_ms: u64) -> Result<(), SigningError> {
    if timestamp_ms < MIN_TIMESTAMP_MS {
        return Err(SigningError::new(
            SigningErrorKind::Timestamp,
            format!(
                "timestamp {timestamp_ms} is too small for milliseconds since the Unix epoch \
                 (it would be before 2001-09-09); it looks like seconds: multiply by 1000"
            ),
        ));
    }
    if timestamp_ms >= MAX_TIMESTAMP_MS {
        return Err(SigningError::new(
            SigningErrorKind::Timestamp,
            format!(
                "timestamp {timestamp_ms} is too large for milliseconds since the Unix epoch \
                 (it would be after the year 5000); it looks like microseconds or nanoseconds: \
                 divide by 1000 or 1000000"
            ),
        ));
    }
    Ok(())
}

/// Largest integer a double holds exactly (2^53 - 1): JavaScript's `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Converts a timestamp given as a double (JavaScript numbers, Python floats) to whole
/// milliseconds, refusing what is not one: NaN, infinities, negatives, fractions and values
/// beyond 2^53 - 1, where doubles stop being exact. The range check of [`sign`](crate::sign)
/// still applies afterwards.
pub fn timestamp_ms_from_f64(value: f64) -> Result<u64, SigningError> {
    let problem = if value.is_nan() {
        "is not a number (NaN)"
    } else if value.is_infinite() {
        "is infinite"
    } else if value < 0.0 {
        "is negative"
    } else if value.fract() != 0.0 {
        "has a fractional part"
    } else if value > MAX_SAFE_INTEGER {
        "is beyond 2^53 - 1, where numbers stop being exact"
    } else {
        return Ok(value as u64);
    };
    // The value itself is not echoed: the caller has it, and formatting a double would bring
    // float formatting into the signing-only .wasm (SPEC §9: 25 000 bytes).
    Err(SigningError::new(
        SigningErrorKind::Timestamp,
        format!(
            "the timestamp {problem}; pass whole milliseconds since the Unix epoch, \
             e.g. Date.now() in JavaScript or time.time_ns() // 1_000_000 in Python"
        ),
    ))
}

/// Which key a [`check_key`] call is about; decides the error kind and wording.
#[derive(Clone, Copy)]
pub(crate) enum KeyRole {
    Access,
    Secret,
}

/// Keys are non-empty printable ASCII without whitespace. For the secret key the
/// message names only the position, never a character.
pub(crate) fn check_key(key: &str, role: KeyRole) -> Result<(), SigningError> {
    let (kind, name, env) = match role {
        KeyRole::Access => (SigningErrorKind::AccessKey, "access key", "NCP_ACCESS_KEY"),
        KeyRole::Secret => (SigningErrorKind::SecretKey, "secret key", "NCP_SECRET_KEY"),
    };
    if key.is_empty() {
        return Err(SigningError::new(
            kind,
            format!("the {name} is empty; set it from your NCP API credentials (e.g. {env})"),
        ));
    }
    if let Some(pos) = key.bytes().position(|b| !(0x21..=0x7e).contains(&b)) {
        let what = if key.as_bytes()[pos].is_ascii_whitespace() {
            "whitespace"
        } else {
            "a character that is not printable ASCII"
        };
        return Err(SigningError::new(
            kind,
            format!(
                "the {name} holds {what} at byte {pos}; NCP keys are printable ASCII with no spaces \
                 or line breaks: copy the key again, without surrounding spaces or a trailing newline"
            ),
        ));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\n' => "a newline".to_string(),
        '\r' => "a carriage return".to_string(),
        '\t' => "a tab".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("the character {c:?}"),
    }
}

fn percent_encode_char(c: char) -> String {
    let mut buf = [0u8; 4];
    let mut out = String::new();
    for b in c.encode_utf8(&mut buf).bytes() {
        let _ = write!(out, "%{b:02X}");
    }
    out
}
