//! NCP API Gateway signature v2 (SPEC §3).
//!
//! ```text
//! string_to_sign = METHOD + " " + PATH_AND_QUERY + "\n" + TIMESTAMP + "\n" + ACCESS_KEY
//! signature      = base64(HMAC-SHA256(key = secret_key, msg = string_to_sign))
//! ```

mod error;
mod hmac_sha256;
mod inputs;

pub use error::{SigningError, SigningErrorKind};
pub use inputs::{timestamp_ms_from_f64, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS};

use hmac_sha256::KeyedHmac;
pub(crate) use inputs::check_path_prefix as check_path;
use inputs::{check_key, check_method, check_path_and_query, check_timestamp, KeyRole};
use std::fmt;
use zeroize::Zeroizing;

/// Header carrying the timestamp in milliseconds.
pub const HEADER_TIMESTAMP: &str = "x-ncp-apigw-timestamp";
/// Header carrying the access key.
pub const HEADER_ACCESS_KEY: &str = "x-ncp-iam-access-key";
/// Header carrying the signature.
pub const HEADER_SIGNATURE: &str = "x-ncp-apigw-signature-v2";
/// The three signature headers, in the order hosts list them: timestamp, access key,
/// signature.
pub const SIGNATURE_HEADERS: [&str; 3] = [HEADER_TIMESTAMP, HEADER_ACCESS_KEY, HEADER_SIGNATURE];

const REDACTED: &str = "** redacted **";

/// Signs one request: returns the base64 signature for the `x-ncp-apigw-signature-v2` header.
///
/// `method` is upper-cased; `path_and_query` must be the request-target exactly as sent
/// (`/path?query`, no scheme or host); `timestamp_ms` is milliseconds since the Unix epoch and
/// goes in `x-ncp-apigw-timestamp` unchanged. To sign many requests with one key, use
/// [`Signer`], which keys the HMAC once.
///
/// ```
/// let sig = ncpcert::sign(
///     "POST",
///     "/api/v2/certificate/requestPaidCertificateIssuance",
///     1_700_000_000_000,
///     "EXAMPLEAK0000000NCP1",
///     "EXAMPLESECRET00000000000000000000NCPSK01",
/// )?;
/// assert_eq!(sig, "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=");
/// # Ok::<(), ncpcert::SigningError>(())
/// ```
pub fn sign(
    method: &str,
    path_and_query: &str,
    timestamp_ms: u64,
    access_key: &str,
    secret_key: &str,
) -> Result<String, SigningError> {
    Signer::new(access_key, secret_key)?.signature(method, path_and_query, timestamp_ms)
}

/// Checks a received signature in constant time (for servers and tests). `Ok(false)` means
/// the inputs were well-formed and the signature does not match.
pub fn verify(
    method: &str,
    path_and_query: &str,
    timestamp_ms: u64,
    access_key: &str,
    secret_key: &str,
    signature: &str,
) -> Result<bool, SigningError> {
    Signer::new(access_key, secret_key)?.verify(method, path_and_query, timestamp_ms, signature)
}

/// An access key and secret key pair. `Debug` never shows the secret; it is wiped on drop.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: Zeroizing<String>,
}

impl Credentials {
    /// Checks both keys (non-empty printable ASCII, no whitespace) and keeps them.
    pub fn new(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, SigningError> {
        let access_key = access_key.into();
        let secret_key = Zeroizing::new(secret_key.into());
        check_key(&access_key, KeyRole::Access)?;
        check_key(&secret_key, KeyRole::Secret)?;
        Ok(Credentials {
            access_key,
            secret_key,
        })
    }

    /// The access key (not secret: it is sent in every request).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// A [`Signer`] keyed with these credentials.
    pub fn signer(&self) -> Signer {
        Signer::keyed(self.access_key.clone(), self.secret_key.as_bytes())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &REDACTED)
            .finish()
    }
}

/// Signs requests with one key pair. The HMAC key schedule is computed once at construction
/// and reused for every signature; the secret itself is not kept, and the keyed state is wiped
/// on drop. `Debug` shows only the access key.
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    key: KeyedHmac,
}

impl Signer {
    /// Checks both keys and computes the keyed HMAC state.
    pub fn new(access_key: impl Into<String>, secret_key: &str) -> Result<Self, SigningError> {
        let access_key = access_key.into();
        check_key(&access_key, KeyRole::Access)?;
        check_key(secret_key, KeyRole::Secret)?;
        Ok(Signer::keyed(access_key, secret_key.as_bytes()))
    }

    fn keyed(access_key: String, secret: &[u8]) -> Self {
        Signer {
            access_key,
            key: KeyedHmac::new(secret),
        }
    }

    /// The access key this signer sends.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The base64 signature of one request (see [`sign`] for the inputs).
    pub fn signature(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: u64,
    ) -> Result<String, SigningError> {
        let method = check_method(method)?;
        check_path_and_query(path_and_query)?;
        check_timestamp(timestamp_ms)?;
        Ok(encode_tag(&self.mac(&method, path_and_query, timestamp_ms)))
    }

    /// The three signature headers for one request, plus the upper-cased method to send.
    pub fn headers(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: u64,
    ) -> Result<SignatureHeaders, SigningError> {
        let upper = check_method(method)?.into_owned();
        check_path_and_query(path_and_query)?;
        check_timestamp(timestamp_ms)?;
        let signature = encode_tag(&self.mac(&upper, path_and_query, timestamp_ms));
        Ok(SignatureHeaders {
            method: upper,
            timestamp: timestamp_ms.to_string(),
            access_key: self.access_key.clone(),
            signature,
        })
    }

    /// Checks a received signature in constant time. `Ok(false)`: well-formed, no match.
    pub fn verify(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: u64,
        signature: &str,
    ) -> Result<bool, SigningError> {
        let expected = self.signature(method, path_and_query, timestamp_ms)?;
        Ok(constant_time_eq(expected.as_bytes(), signature.as_bytes()))
    }

    /// HMAC over the string-to-sign, assembled without a heap allocation.
    fn mac(&self, method: &str, path_and_query: &str, timestamp_ms: u64) -> [u8; 32] {
        let mut digits = [0u8; 20];
        let ts = format_u64(timestamp_ms, &mut digits);
        self.key.mac(&[
            method.as_bytes(),
            b" ",
            path_and_query.as_bytes(),
            b"\n",
            ts,
            b"\n",
            self.access_key.as_bytes(),
        ])
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("access_key", &self.access_key)
            .field("secret_key", &REDACTED)
            .finish()
    }
}

/// The signature headers of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignatureHeaders {
    /// The method, upper-cased, to send with the request.
    pub method: String,
    /// `x-ncp-apigw-timestamp`: milliseconds since the Unix epoch, as signed.
    pub timestamp: String,
    /// `x-ncp-iam-access-key`.
    pub access_key: String,
    /// `x-ncp-apigw-signature-v2`.
    pub signature: String,
}

impl SignatureHeaders {
    /// The three headers as `(name, value)` pairs, names in lower case.
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (HEADER_TIMESTAMP, &self.timestamp),
            (HEADER_ACCESS_KEY, &self.access_key),
            (HEADER_SIGNATURE, &self.signature),
        ]
    }
}

/// Standard padded base64 (RFC 4648 §4) of an HMAC-SHA256 tag: always 44 characters, encoded
/// in place, so that the returned `String` is the only allocation.
fn encode_tag(tag: &[u8; 32]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let char_at = |n: u32, shift: u32| u32::from(ALPHABET[((n >> shift) & 0x3f) as usize]);
    // Four characters of one 3-byte group as one little-endian word: one store per group.
    let quad =
        |n: u32| char_at(n, 18) | char_at(n, 12) << 8 | char_at(n, 6) << 16 | char_at(n, 0) << 24;
    let mut out = [0u8; 44];
    // Ten full 3-byte groups make 40 characters …
    for (group, chars) in tag.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
        let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        chars.copy_from_slice(&quad(n).to_le_bytes());
    }
    // … and the last two bytes three more, then one '=' of padding.
    let n = u32::from(tag[30]) << 16 | u32::from(tag[31]) << 8;
    let last = quad(n) & 0x00ff_ffff | u32::from(b'=') << 24;
    out[40..].copy_from_slice(&last.to_le_bytes());
    // Always ASCII, so this never falls back to the empty default.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

/// Writes `n` in decimal into `buf` and returns the digits, two at a time.
fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";
    let mut i = buf.len();
    while n >= 10 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n > 0 || i == buf.len() {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    &buf[i..]
}

/// Compares without an early exit, so timing does not reveal the matching prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_u64_writes_every_width() {
        let mut buf = [0u8; 20];
        for n in [
            0u64,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            1_700_000_000_000,
            u64::MAX,
        ] {
            assert_eq!(format_u64(n, &mut buf), n.to_string().as_bytes());
        }
    }

    #[test]
    fn encode_tag_is_standard_padded_base64() {
        use base64::Engine as _;
        let mut tag = [0u8; 32];
        for seed in 0u32..300 {
            for (i, b) in tag.iter_mut().enumerate() {
                *b = (seed.wrapping_mul(2_654_435_761) >> (i % 24)) as u8
                    ^ (i as u8).wrapping_mul(37);
            }
            if seed == 0 {
                tag = [0xff; 32];
            }
            let expected = base64::engine::general_purpose::STANDARD.encode(tag);
            assert_eq!(encode_tag(&tag), expected);
        }
    }

    #[test]
    fn constant_time_eq_compares_lengths_and_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
