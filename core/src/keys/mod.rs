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
//! made has no finding in [`crate::inspect_csr`].
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
use crate::report::{Code, Finding};
use der::asn1::{Ia5String, ObjectIdentifier};
use der::Encode;
use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding, PrivateKeyInfoRef};
use rand_core::SeedableRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use x509_cert::builder::Builder;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::name::Name;
use x509_cert::request::RequestBuilder;
use zeroize::Zeroizing;

/// The fewest bytes of entropy [`generate_key`] takes: 256 bits, the generator's seed.
pub const MIN_ENTROPY_BYTES: usize = 32;

/// The largest key PEM [`make_csr`] reads (an RSA-4096 PKCS#8 PEM is about 3.3 KB).
pub const MAX_KEY_PEM_BYTES: usize = 64 * 1024;

/// Most names one CSR carries: what NCP accepts in one request.
const MAX_NAMES: usize = 100;

/// Longest common name (X.520 `ub-common-name`); a longer first name goes in the
/// subjectAltName alone, with an empty subject.
const MAX_CN_CHARS: usize = 64;

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
    findings: Vec<Finding>,
}

impl KeyError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        KeyError {
            code,
            message: message.into(),
            findings: Vec::new(),
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

/// Makes a private key of `algorithm` from `entropy`, which the host draws from its operating
/// system's generator (at least [`MIN_ENTROPY_BYTES`] bytes; more is hashed in too). The same
/// entropy gives the same key: never reuse it.
///
/// RSA keys have the exponent 65537. The key is PKCS#8 PEM with LF line endings.
pub fn generate_key(algorithm: KeyAlgorithm, entropy: &[u8]) -> Result<PrivateKeyPem, KeyError> {
    if entropy.len() < MIN_ENTROPY_BYTES {
        return Err(KeyError::new(
            ErrorCode::KeyEntropy,
            format!(
                "{} bytes of entropy given; a key needs at least {MIN_ENTROPY_BYTES} bytes from \
                 the operating system's random generator (getrandom, /dev/urandom, \
                 os.urandom, crypto.getRandomValues)",
                entropy.len()
            ),
        ));
    }
    // The whole input, hashed to the generator's 256-bit seed: any length at or above the
    // minimum counts in full.
    let mut seed = Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&Sha256::digest(entropy));
    let mut rng = chacha20::ChaCha20Rng::from_seed(*seed);
    let encoded = match algorithm.rsa_bits() {
        Some(bits) => rsa::PrivateKey::new(&mut rng, bits)
            .map_err(|_| internal("the RSA key could not be generated"))?
            .to_pkcs8_pem(LineEnding::LF),
        None if algorithm == KeyAlgorithm::P256 => {
            p256::SecretKey::generate_from_rng(&mut rng).to_pkcs8_pem(LineEnding::LF)
        }
        None => p384::SecretKey::generate_from_rng(&mut rng).to_pkcs8_pem(LineEnding::LF),
    };
    encoded
        .map(PrivateKeyPem)
        .map_err(|_| internal("the key could not be encoded as PKCS#8"))
}

fn internal(what: &str) -> KeyError {
    KeyError::new(
        ErrorCode::KeyInvalid,
        format!("{what}; this is a bug in ncpcert, please report it"),
    )
}

/// A key read for signing.
enum SigningKey {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
}

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

fn key_invalid(why: &str) -> KeyError {
    KeyError::new(ErrorCode::KeyInvalid, why)
}

const SUPPORTED: &str = "ncpcert signs CSRs with RSA (2048 to 4096 bits), P-256 and P-384 keys";

impl SigningKey {
    /// Reads PKCS#8 (`PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`)
    /// PEM. Messages never quote the input.
    fn from_pem(text: &str) -> Result<Self, KeyError> {
        if text.len() > MAX_KEY_PEM_BYTES {
            return Err(key_invalid(&format!(
                "the key is {} bytes, more than a private key's PEM ever is ({MAX_KEY_PEM_BYTES}); \
                 give the PEM file of one private key",
                text.len()
            )));
        }
        // Text before the PEM (as some tools write) is skipped; so is surrounding whitespace.
        let start = text.find("-----BEGIN ").ok_or_else(|| {
            key_invalid(
                "the key is not PEM text (no -----BEGIN line); give a private key in PEM, \
                 e.g. from `ncpcert key --out key.pem`",
            )
        })?;
        let pem = text[start..].trim_end();
        let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).map_err(|_| {
            key_invalid(
                "the key's PEM cannot be decoded (damaged base64 or BEGIN/END lines); give \
                 the key file as written, one key per file",
            )
        })?;
        let der = Zeroizing::new(der);
        match label {
            "PRIVATE KEY" => Self::from_pkcs8(&der),
            "RSA PRIVATE KEY" => {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                let key = rsa::PrivateKey::from_pkcs1_der(&der).map_err(|_| {
                    key_invalid("the RSA PRIVATE KEY cannot be read; give an unencrypted RSA key")
                })?;
                Self::rsa(key)
            }
            "EC PRIVATE KEY" => Self::from_sec1(&der),
            "ENCRYPTED PRIVATE KEY" => Err(key_invalid(
                "the key is encrypted; decrypt it first (`openssl pkey -in key.pem -out \
                 plain.pem`) and keep the plain file private",
            )),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "CERTIFICATE" | "PUBLIC KEY" => {
                Err(key_invalid(&format!(
                    "this is a {label}, not a private key; give the private key's PEM file"
                )))
            }
            _ => Err(key_invalid(
                "the PEM is not a private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or \
                 EC PRIVATE KEY); give the private key's PEM file",
            )),
        }
    }

    fn from_pkcs8(der: &[u8]) -> Result<Self, KeyError> {
        let info = PrivateKeyInfoRef::try_from(der).map_err(|_| {
            key_invalid("the PRIVATE KEY cannot be read as PKCS#8; give an unencrypted key")
        })?;
        let damaged = |_| key_invalid("the PRIVATE KEY is damaged; generate a new key");
        match info.algorithm.oid {
            RSA_ENCRYPTION => Self::rsa(rsa::PrivateKey::from_pkcs8_der(der).map_err(damaged)?),
            EC_PUBLIC_KEY => match info.algorithm.parameters_oid().ok() {
                Some(SECP256R1) => Ok(SigningKey::P256(
                    p256::SecretKey::from_pkcs8_der(der).map_err(damaged)?,
                )),
                Some(SECP384R1) => Ok(SigningKey::P384(
                    p384::SecretKey::from_pkcs8_der(der).map_err(damaged)?,
                )),
                _ => Err(key_invalid(&format!(
                    "the key is on an elliptic curve other than P-256 and P-384; {SUPPORTED}"
                ))),
            },
            _ => Err(key_invalid(&format!(
                "the key's algorithm is neither RSA nor ECDSA; {SUPPORTED}"
            ))),
        }
    }

    fn from_sec1(der: &[u8]) -> Result<Self, KeyError> {
        if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
            return Ok(SigningKey::P256(key));
        }
        if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
            return Ok(SigningKey::P384(key));
        }
        Err(key_invalid(&format!(
            "the EC PRIVATE KEY cannot be read, or is on another curve; {SUPPORTED}"
        )))
    }

    fn rsa(key: rsa::PrivateKey) -> Result<Self, KeyError> {
        use rsa::traits::PublicKeyParts;
        let bits = key.n().bit_width();
        if !(2048..=4096).contains(&bits) || bits % 8 != 0 {
            return Err(key_invalid(&format!(
                "the RSA key is {bits} bits; CAs take 2048, 3072 or 4096 bits: generate a new \
                 key (`ncpcert key --algorithm rsa2048 --out key.pem`)"
            )));
        }
        Ok(SigningKey::Rsa(Box::new(key)))
    }

    /// Signs the request: PKCS#1 v1.5 with SHA-256, or deterministic ECDSA with the curve's
    /// hash (SHA-256, SHA-384).
    fn sign(&self, builder: RequestBuilder) -> Result<Vec<u8>, KeyError> {
        let failed = |_| internal("the CSR could not be signed");
        let csr = match self {
            SigningKey::Rsa(key) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**key).clone());
                builder.build::<_, rsa::pkcs1v15::Signature>(&signer)
            }
            SigningKey::P256(key) => {
                let signer = p256::ecdsa::SigningKey::from(key);
                builder.build::<_, p256::ecdsa::DerSignature>(&signer)
            }
            SigningKey::P384(key) => {
                let signer = p384::ecdsa::SigningKey::from(key);
                builder.build::<_, p384::ecdsa::DerSignature>(&signer)
            }
        }
        .map_err(failed)?;
        csr.to_der()
            .map_err(|_| internal("the CSR could not be encoded"))
    }
}

/// The names as they go in the CSR: A-labels, lower case, duplicates dropped (first kept);
/// refused with every finding when the domain rules find an error.
fn csr_names(names: &[String]) -> Result<Vec<String>, KeyError> {
    if names.is_empty() {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            "no names given; give at least one domain name (the first is the common name)",
        ));
    }
    let mut findings = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let field = format!("names[{i}]");
        // Unicode names become their A-labels, as a CA writes them; a name the conversion
        // refuses is judged as given, so that its findings say why.
        let ascii = crate::domain::to_ascii(name).unwrap_or_else(|| name.clone());
        let normalized = crate::domain::check_name(&ascii, &field, &mut findings);
        if !kept.contains(&normalized) {
            kept.push(normalized);
        }
    }
    if kept.len() > MAX_NAMES {
        findings.push(Finding::new(
            Code::DnsNameTooMany,
            "names",
            format!(
                "{} names given; NCP's Advanced certificates cover at most {MAX_NAMES}: split \
                 them across several certificates or use a wildcard",
                kept.len()
            ),
        ));
    }
    if findings.iter().any(Finding::is_error) {
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| format!("{}: {} [{}]", f.field, f.message, f.code))
            .collect();
        let mut error = KeyError::new(
            ErrorCode::CsrNamesInvalid,
            format!(
                "the names cannot go in a certificate:\n  {}",
                errors.join("\n  ")
            ),
        );
        error.findings = findings;
        return Err(error);
    }
    Ok(kept)
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
pub fn make_csr(key_pem: &str, names: &[String]) -> Result<String, KeyError> {
    let names = csr_names(names)?;
    let key = SigningKey::from_pem(key_pem)?;

    let subject = match names.first() {
        Some(cn) if cn.chars().count() <= MAX_CN_CHARS => Name::from_str(&format!("CN={cn}"))
            .map_err(|_| internal("the CSR's subject could not be built"))?,
        _ => Name::default(),
    };
    let sans = names
        .iter()
        .map(|name| Ia5String::new(name).map(GeneralName::DnsName))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| internal("a name could not be encoded"))?;
    let mut builder =
        RequestBuilder::new(subject).map_err(|_| internal("the CSR could not be started"))?;
    builder
        .add_extension(&SubjectAltName(sans))
        .map_err(|_| internal("the subjectAltName could not be encoded"))?;
    let der = key.sign(builder)?;
    let pem = pem_rfc7468::encode_string("CERTIFICATE REQUEST", LineEnding::LF, &der)
        .map_err(|_| internal("the CSR could not be encoded as PEM"))?;

    // What a CA would refuse in the CSR made (a weak RSA modulus, a small exponent of an
    // imported key) is refused here rather than at NCP.
    let report = crate::inspect_csr(pem.as_bytes())
        .map_err(|_| internal("the CSR made cannot be read back"))?;
    let errors: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| f.message.as_str())
        .collect();
    if !errors.is_empty() {
        return Err(KeyError::new(
            ErrorCode::KeyInvalid,
            format!(
                "a CA would refuse a CSR for this key: {}; generate a new key",
                errors.join("; ")
            ),
        ));
    }
    Ok(pem)
}
