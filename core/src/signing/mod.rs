//! NCP API Gateway signature v2.
//!
//! ```text
//! string_to_sign = METHOD + " " + PATH_AND_QUERY + "\n" + TIMESTAMP + "\n" + ACCESS_KEY
//! signature      = base64(HMAC-SHA256(key = secret_key, msg = string_to_sign))
//! ```

mod error;
mod inputs;

pub use error::{SigningError, SigningErrorKind};
pub use inputs::{timestamp_ms_from_f64, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, KeyInit as _, Mac as _};
pub(crate) use inputs::check_path_prefix as check_path;
use inputs::{check_key, check_method, check_path_and_query, check_timestamp, KeyRole};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq as _;
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

/// Signs requests with one key pair. The HMAC is keyed once at construction (a keyed
/// `Hmac<Sha256>`, cloned for every signature); the secret itself is not kept. `Debug` shows
/// only the access key.
///
/// Wiped on drop (the `zeroize` features of `hmac` and `sha2`): the keyed `Hmac<Sha256>` holds
/// two SHA-256 cores, the chaining values after absorbing `key ^ ipad` and `key ^ opad` — all
/// that is left of the key — and a block buffer; `sha2` zeroizes each core's state and block
/// counter on drop and `block-buffer` its buffer. Every clone made to sign is dropped, and so
/// wiped, when its signature is done.
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    key: Hmac<Sha256>,
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
        // HMAC takes keys of any length (RFC 2104 §2 hashes long ones), so this cannot fail.
        let key = Hmac::<Sha256>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
        Signer { access_key, key }
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
        self.signature_inline(method, path_and_query, timestamp_ms)
            .map(|signature| signature.as_str().to_owned())
    }

    /// [`signature`](Signer::signature) without allocating: the 44 characters held inline,
    /// for hosts that sign in a tight loop (the WebAssembly signer).
    pub fn signature_inline(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: u64,
    ) -> Result<InlineSignature, SigningError> {
        let method = check_method(method)?;
        check_path_and_query(path_and_query)?;
        check_timestamp(timestamp_ms)?;
        let mut digits = itoa::Buffer::new();
        Ok(self.tag_inline(&method, path_and_query, digits.format(timestamp_ms)))
    }

    /// [`signature_inline`](Signer::signature_inline) for a request-target checked once
    /// ([`SigningTarget`]): for a host that signs the same request-target over and over (the
    /// WebAssembly signer). Only the timestamp is checked here.
    pub fn signature_for(
        &self,
        target: &SigningTarget,
        timestamp_ms: u64,
    ) -> Result<InlineSignature, SigningError> {
        check_timestamp(timestamp_ms)?;
        let mut digits = itoa::Buffer::new();
        Ok(self.tag_inline(
            &target.method,
            &target.path_and_query,
            digits.format(timestamp_ms),
        ))
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
        let timestamp = itoa::Buffer::new().format(timestamp_ms).to_owned();
        let signature = self.tag(&upper, path_and_query, &timestamp);
        Ok(SignatureHeaders {
            method: upper,
            timestamp,
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
        // `subtle`: no early exit, so timing does not reveal a matching prefix (the lengths
        // are not secret: every signature is 44 characters).
        Ok(bool::from(expected.as_bytes().ct_eq(signature.as_bytes())))
    }

    /// The base64 HMAC-SHA256 tag of the string-to-sign, streamed into a clone of
    /// the keyed HMAC: `METHOD " " PATH_AND_QUERY "\n" TIMESTAMP "\n" ACCESS_KEY`.
    fn tag(&self, method: &str, path_and_query: &str, timestamp: &str) -> String {
        self.tag_inline(method, path_and_query, timestamp)
            .as_str()
            .to_owned()
    }

    fn tag_inline(&self, method: &str, path_and_query: &str, timestamp: &str) -> InlineSignature {
        let mut mac = self.key.clone();
        for part in [
            method.as_bytes(),
            b" ",
            path_and_query.as_bytes(),
            b"\n",
            timestamp.as_bytes(),
            b"\n",
            self.access_key.as_bytes(),
        ] {
            mac.update(part);
        }
        encode_tag(&mac.finalize().into_bytes())
    }
}

/// The tag's base64.
fn encode_tag(tag: &[u8]) -> InlineSignature {
    let mut text = [0u8; SIGNATURE_LEN];
    // A 32-byte tag is exactly 44 base64 characters (with one '='): the slice always fits.
    let _ = BASE64.encode_slice(tag, &mut text);
    InlineSignature(text)
}

/// A request's method and path-and-query, checked as every signature checks them (the method
/// upper-cased), for [`Signer::signature_for`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningTarget {
    method: String,
    path_and_query: String,
}

impl SigningTarget {
    /// Checks `method` and `path_and_query` (see [`sign`]).
    pub fn new(method: &str, path_and_query: &str) -> Result<Self, SigningError> {
        let method = check_method(method)?.into_owned();
        check_path_and_query(path_and_query)?;
        Ok(SigningTarget {
            method,
            path_and_query: path_and_query.to_owned(),
        })
    }

    /// The method, upper-cased.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path and query, as given.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }
}

/// The length of a signature v2: the base64 of a 32-byte HMAC-SHA256 tag.
pub const SIGNATURE_LEN: usize = 44;

/// A signature v2 held inline ([`Signer::signature_inline`]): its 44 base64 characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct InlineSignature([u8; SIGNATURE_LEN]);

impl InlineSignature {
    /// The 44 characters.
    pub fn as_str(&self) -> &str {
        // Base64's alphabet is ASCII, so the bytes are always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for InlineSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InlineSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InlineSignature({:?})", self.as_str())
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
