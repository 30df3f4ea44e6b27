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

// Construction (keys and CSRs from names already checked) needs no domain rule, Unicode data or
// CSR reader: the npm `ncpcert/keys` module builds on it alone (feature `csr-builder`). The
// checks before and after it are the full crate's.
#[cfg(feature = "csr-builder")]
mod build;
#[cfg(feature = "full")]
mod check;

#[cfg(feature = "csr-builder")]
pub use build::{build_csr, generate_key};
#[cfg(feature = "full")]
pub use check::{check_csr_names, check_made_csr};

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

    #[cfg(feature = "csr-builder")]
    fn rsa_bits(self) -> Option<usize> {
        match self {
            KeyAlgorithm::Rsa2048 => Some(2048),
            KeyAlgorithm::Rsa3072 => Some(3072),
            KeyAlgorithm::Rsa4096 => Some(4096),
            KeyAlgorithm::P256 | KeyAlgorithm::P384 => None,
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
