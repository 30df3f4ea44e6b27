//! Private keys made from the host's entropy, and the CSRs signed with them.
//!
//! [`generate_key`] makes an RSA or ECDSA private key as PKCS#8 PEM. The crate draws no
//! randomness: the host passes at least [`MIN_ENTROPY_BYTES`] bytes from its operating
//! system's generator, which seed a ChaCha20 generator that makes the key.
//!
//! [`make_csr`] builds and signs a PKCS#10 CSR for a list of names with such a key (or any
//! RSA 2048–4096, P-256 or P-384 key in PKCS#8, PKCS#1 or SEC1 PEM). Signing is
//! deterministic (PKCS#1 v1.5 with SHA-256; ECDSA with RFC 6979 nonces), so it needs no
//! randomness either. The names go through the same domain rules as a request, and the CSR
//! made has no finding in [`crate::inspect_csr`]. It is three steps, each public for hosts
//! that run them apart: [`check_csr_names`] (the domain rules), [`build_csr`] (construction
//! and signature alone) and [`check_made_csr`] (the CSR read back as a CA reads it).
//!
//! Construction itself is three steps that need no key arithmetic, for hosts whose own
//! cryptography makes the keys and signs (WebCrypto in JavaScript): [`read_private_key`] (a
//! key's PEM as its [`KeyKind`] and PKCS#8 DER), [`request_info`] (what the key signs: the
//! `CertificationRequestInfo` for its public key and the names) and [`assemble_csr`] (the CSR
//! around the signature). [`build_csr`] runs them with the RustCrypto keys signing, so every
//! host's CSR has the one structure. [`KeyKind`] also gives the WebCrypto names, hash and
//! signature length of each kind of key.
//!
//! ```
//! use ncpcert::keys::{generate_key, make_csr, KeyAlgorithm};
//!
//! // A host passes bytes from its operating system's generator (`getrandom`, `os.urandom`).
//! # let entropy = [7u8; 32];
//! let key = generate_key(KeyAlgorithm::P256, &entropy)?;
//! let csr = make_csr(key.as_str(), &["www.example.com".into(), "example.com".into()])?;
//! let report = ncpcert::inspect_csr(csr.as_bytes()).unwrap();
//! assert!(report.findings.is_empty());
//! assert_eq!(format!("{key:?}"), "PrivateKeyPem(** redacted **)");
//! # Ok::<(), ncpcert::keys::KeyError>(())
//! ```

use crate::codes::ErrorCode;
use crate::report::Finding;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

// The CSR's structure (a key's PEM read, the request info, the CSR assembled around a
// signature) needs no key arithmetic, domain rule, Unicode data or CSR reader: the npm
// `ncpcert/keys` module builds on it alone, with WebCrypto making keys and signatures (feature
// `csr-assembly`). Key generation and signing in Rust are `csr-builder`'s; the checks before
// and after construction are the full crate's.
#[cfg(feature = "csr-assembly")]
mod assemble;
#[cfg(feature = "csr-builder")]
mod build;
#[cfg(feature = "full")]
mod check;
#[cfg(feature = "csr-assembly")]
mod read;

#[cfg(feature = "csr-assembly")]
pub use assemble::{assemble_csr, request_info};
#[cfg(feature = "csr-builder")]
pub use build::{build_csr, generate_key};
#[cfg(feature = "full")]
pub use check::{check_csr_names, check_made_csr};
#[cfg(feature = "csr-assembly")]
pub use read::{read_private_key, PrivateKeyDer};

/// The fewest bytes of entropy [`generate_key`] takes: 256 bits, the generator's seed.
pub const MIN_ENTROPY_BYTES: usize = 32;

/// The largest key PEM [`make_csr`] reads (an RSA-4096 PKCS#8 PEM is about 3.3 KB).
pub const MAX_KEY_PEM_BYTES: usize = 64 * 1024;

/// The algorithms of the keys ncpcert makes. `rsa2048` is the default: what NCP's load
/// balancers take everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KeyAlgorithm {
    /// RSA, 2048-bit modulus, exponent 65537.
    #[default]
    Rsa2048,
    /// RSA, 3072-bit modulus, exponent 65537.
    Rsa3072,
    /// RSA, 4096-bit modulus, exponent 65537.
    Rsa4096,
    /// ECDSA on NIST P-256 (secp256r1).
    P256,
    /// ECDSA on NIST P-384 (secp384r1).
    P384,
}

impl KeyAlgorithm {
    /// Every algorithm, the default first.
    pub const ALL: [KeyAlgorithm; 5] = [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::P256,
        KeyAlgorithm::P384,
    ];

    /// The name: `rsa2048`, `rsa3072`, `rsa4096`, `p256` or `p384`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa3072 => "rsa3072",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::P256 => "p256",
            KeyAlgorithm::P384 => "p384",
        }
    }

    /// The RSA modulus size in bits (2048, 3072, 4096), or `None` for an elliptic curve.
    #[cfg(feature = "csr-assembly")]
    pub const fn rsa_bits(self) -> Option<u16> {
        match self {
            KeyAlgorithm::Rsa2048 => Some(2048),
            KeyAlgorithm::Rsa3072 => Some(3072),
            KeyAlgorithm::Rsa4096 => Some(4096),
            KeyAlgorithm::P256 | KeyAlgorithm::P384 => None,
        }
    }

    /// The kind of the keys of this algorithm (what signs with them, and how).
    #[cfg(feature = "csr-assembly")]
    pub const fn kind(self) -> KeyKind {
        match self {
            KeyAlgorithm::Rsa2048 => KeyKind::Rsa(2048),
            KeyAlgorithm::Rsa3072 => KeyKind::Rsa(3072),
            KeyAlgorithm::Rsa4096 => KeyKind::Rsa(4096),
            KeyAlgorithm::P256 => KeyKind::P256,
            KeyAlgorithm::P384 => KeyKind::P384,
        }
    }
}

/// The public exponent of the RSA keys ncpcert makes, 65537, as big-endian bytes (the form
/// WebCrypto's `publicExponent` takes).
#[cfg(feature = "csr-assembly")]
pub const RSA_PUBLIC_EXPONENT: [u8; 3] = [0x01, 0x00, 0x01];

/// What a private key ncpcert signs CSRs with is, as read from the key: RSA of any size CAs
/// take (2048 to 4096 bits, a multiple of 8; not only the three sizes ncpcert makes), P-256 or
/// P-384. It decides the CSR's signature algorithm: PKCS#1 v1.5 with SHA-256 for RSA, ECDSA
/// with SHA-256 on P-256 and with SHA-384 on P-384.
///
/// Its name ([`Display`](fmt::Display), [`FromStr`]) is `rsa` and the size in bits (`rsa2048`),
/// `p256` or `p384`: the [`KeyAlgorithm`] name of the same key where there is one.
#[cfg(feature = "csr-assembly")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA with a modulus of this many bits.
    Rsa(u16),
    /// ECDSA on NIST P-256 (secp256r1).
    P256,
    /// ECDSA on NIST P-384 (secp384r1).
    P384,
}

#[cfg(feature = "csr-assembly")]
impl KeyKind {
    /// The RSA modulus size in bits, or `None` for an elliptic curve.
    pub const fn rsa_bits(self) -> Option<u16> {
        match self {
            KeyKind::Rsa(bits) => Some(bits),
            KeyKind::P256 | KeyKind::P384 => None,
        }
    }

    /// The curve's name as WebCrypto (`namedCurve`) and JWK (`crv`) write it: `P-256`, `P-384`;
    /// `None` for RSA.
    pub const fn curve(self) -> Option<&'static str> {
        match self {
            KeyKind::Rsa(_) => None,
            KeyKind::P256 => Some("P-256"),
            KeyKind::P384 => Some("P-384"),
        }
    }

    /// The WebCrypto name of the signature algorithm: `RSASSA-PKCS1-v1_5` or `ECDSA`.
    pub const fn webcrypto_algorithm(self) -> &'static str {
        match self {
            KeyKind::Rsa(_) => "RSASSA-PKCS1-v1_5",
            KeyKind::P256 | KeyKind::P384 => "ECDSA",
        }
    }

    /// The hash the CSR's signature is made with, by its WebCrypto name: `SHA-256` (RSA,
    /// P-256) or `SHA-384` (P-384).
    pub const fn hash(self) -> &'static str {
        match self {
            KeyKind::Rsa(_) | KeyKind::P256 => "SHA-256",
            KeyKind::P384 => "SHA-384",
        }
    }

    /// The length in bytes of a signature as WebCrypto makes it: the modulus' for RSA, `r‖s`
    /// (IEEE P1363) for ECDSA (64 for P-256, 96 for P-384).
    pub const fn signature_len(self) -> usize {
        match self {
            KeyKind::Rsa(bits) => bits as usize / 8,
            KeyKind::P256 => 64,
            KeyKind::P384 => 96,
        }
    }

    /// The members of the key's public JWK (RFC 7518): `kty`, `n`, `e` for RSA; `kty`, `crv`,
    /// `x`, `y` for the curves. A private JWK reduced to them is the public key.
    pub const fn public_jwk_members(self) -> &'static [&'static str] {
        match self {
            KeyKind::Rsa(_) => &["kty", "n", "e"],
            KeyKind::P256 | KeyKind::P384 => &["kty", "crv", "x", "y"],
        }
    }

    /// An RSA key of `bits` bits, or `key.invalid` for a size CAs refuse.
    pub(crate) fn rsa(bits: usize) -> Result<KeyKind, KeyError> {
        match u16::try_from(bits) {
            Ok(size) if (2048..=4096).contains(&size) && size % 8 == 0 => Ok(KeyKind::Rsa(size)),
            _ => Err(KeyError::new(
                ErrorCode::KeyInvalid,
                format!(
                    "the RSA key is {bits} bits; CAs take 2048, 3072 or 4096 bits: generate a \
                     new key (`ncpcert key --algorithm rsa2048 --out key.pem`)"
                ),
            )
            .with("bits", bits.to_string())),
        }
    }
}

#[cfg(feature = "csr-assembly")]
impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyKind::Rsa(bits) => write!(f, "rsa{bits}"),
            KeyKind::P256 => f.write_str("p256"),
            KeyKind::P384 => f.write_str("p384"),
        }
    }
}

#[cfg(feature = "csr-assembly")]
impl FromStr for KeyKind {
    type Err = KeyError;

    /// `p256`, `p384`, or `rsa` and a size CAs take (`rsa2048`, `rsa2056`, … `rsa4096`).
    fn from_str(text: &str) -> Result<Self, KeyError> {
        match text {
            "p256" => Ok(KeyKind::P256),
            "p384" => Ok(KeyKind::P384),
            _ => match text.strip_prefix("rsa").map(str::parse::<usize>) {
                Some(Ok(bits)) => KeyKind::rsa(bits),
                _ => {
                    let shown: String = text.chars().take(40).collect();
                    Err(KeyError::new(
                        ErrorCode::ArgumentInvalid,
                        format!(
                            "unknown key kind {shown:?}; give the `algorithm` the key was read \
                             with (rsa2048 … rsa4096, p256 or p384)"
                        ),
                    )
                    .with("detail", format!("{shown:?}")))
                }
            },
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyAlgorithm {
    type Err = KeyError;

    /// The name, in any case, with surrounding whitespace ignored.
    fn from_str(text: &str) -> Result<Self, KeyError> {
        let wanted = text.trim();
        KeyAlgorithm::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let shown: String = wanted.chars().take(40).collect();
                KeyError::new(
                    ErrorCode::KeyAlgorithm,
                    format!(
                        "unknown key algorithm {shown:?}; use one of rsa2048 (the default), \
                         rsa3072, rsa4096, p256, p384"
                    ),
                )
                .with("value", format!("{shown:?}"))
            })
    }
}

/// A private key as PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`). The text is wiped from
/// memory when the value is dropped, and `Debug` never shows it.
#[derive(Clone)]
pub struct PrivateKeyPem(Zeroizing<String>);

impl PrivateKeyPem {
    /// The PEM text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The PEM text, still wiped when dropped.
    pub fn into_zeroizing(self) -> Zeroizing<String> {
        self.0
    }
}

impl fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyPem(** redacted **)")
    }
}

/// Why a key or CSR could not be made. It never holds key material: messages name what is
/// wrong with a key, never its content.
#[derive(Clone, Debug)]
pub struct KeyError {
    code: ErrorCode,
    message: String,
    pub(crate) findings: Vec<Finding>,
    /// The values the code's text quotes in other languages (see [`crate::lang`]). Only
    /// `full` renders other languages: the construction-only build (the npm `ncpcert/keys`
    /// module, held to its size) keeps none.
    #[cfg(feature = "full")]
    args: crate::lang::Args,
}

impl KeyError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        KeyError {
            code,
            message: message.into(),
            findings: Vec::new(),
            #[cfg(feature = "full")]
            args: Vec::new(),
        }
    }

    /// The error with the parameter `name` of its code's text set to `value`.
    #[cfg(feature = "full")]
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Without `full`, no other language is rendered: the value is not kept.
    #[cfg(not(feature = "full"))]
    #[inline(always)]
    pub(crate) fn with(self, _name: &'static str, _value: impl Into<String>) -> Self {
        self
    }

    /// The values the code's text quotes (for hosts that render it in another language).
    #[cfg(feature = "full")]
    pub(crate) fn args(&self) -> &crate::lang::Args {
        &self.args
    }

    /// What is wrong and what to do, in `lang` ([`message`](KeyError::message) in English;
    /// otherwise the code's text with this case's values). Findings render with
    /// [`Finding::message_in`].
    #[cfg(feature = "full")]
    pub fn message_in(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::En => self.message.clone(),
            _ => {
                let mut text = crate::lang::render(self.code.translation(lang), &self.args);
                for f in self.findings.iter().filter(|f| f.is_error()) {
                    let message = f.message_in(lang);
                    text.push_str(&format!("\n  {}: {message} [{}]", f.field, f.code));
                }
                text
            }
        }
    }

    /// The code: `key.invalid`, `key.algorithm`, `key.entropy`, `csr.names_invalid` or
    /// `argument.invalid`.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// What is wrong and what to do.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For `csr.names_invalid`: every finding of the domain rules on the names given
    /// (errors and warnings); empty otherwise.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for KeyError {}

#[cfg(feature = "csr-assembly")]
pub(crate) fn key_invalid(why: &str) -> KeyError {
    KeyError::new(ErrorCode::KeyInvalid, why)
}

#[cfg(feature = "csr-assembly")]
/// Refused by the host's own cryptography (WebCrypto's `importKey`): the key's parts do not
/// agree, which only key arithmetic finds (the construction-only build does none).
pub fn key_refused_by_host() -> KeyError {
    KeyError::new(
        ErrorCode::KeyInvalid,
        "the private key is damaged: its parts do not agree, and the host's cryptography \
         (WebCrypto) refused it; generate a new key",
    )
}

pub(crate) fn internal(what: &str) -> KeyError {
    KeyError::new(
        ErrorCode::KeyInvalid,
        format!("{what}; this is a bug in ncpcert, please report it"),
    )
    .with("bug", "")
}

/// Builds a CSR for `names` and signs it with the private key `key_pem`; returns the CSR as
/// PEM (`-----BEGIN CERTIFICATE REQUEST-----`).
///
/// The first name is the subject's common name (unless it is longer than 64 characters,
/// which a CN cannot hold: then the subject is empty), and every name is in the
/// subjectAltName extension as a DNS name. Unicode names are written as A-labels. The names
/// are checked with the same domain rules as a request and refused with every finding
/// (`csr.names_invalid`) when one has an error.
///
/// The key is PKCS#8 PEM (`PRIVATE KEY`, as [`generate_key`] and `openssl genpkey` write
/// it), PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`): RSA of 2048 to 4096 bits,
/// P-256 or P-384, unencrypted.
#[cfg(all(feature = "csr-builder", feature = "full"))]
pub fn make_csr(key_pem: &str, names: &[String]) -> Result<String, KeyError> {
    let names = check_csr_names(names)?;
    let pem = build_csr(key_pem, &names)?;
    check_made_csr(&pem)?;
    Ok(pem)
}
