//! Construction alone: a private key from the host's entropy, and a CSR built and signed for
//! names already checked.

use super::{
    internal, KeyAlgorithm, KeyError, PrivateKeyPem, MAX_KEY_PEM_BYTES, MIN_ENTROPY_BYTES,
};
use crate::codes::ErrorCode;
use der::asn1::{Any, Ia5String, ObjectIdentifier};
use der::{Decode, Encode, Tag};
use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding, PrivateKeyInfoRef};
use rand_core::SeedableRng;
use sha2::{Digest, Sha256};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::Builder;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::RequestBuilder;
use zeroize::Zeroizing;

/// Longest common name (X.520 `ub-common-name`); a longer first name goes in the
/// subjectAltName alone, with an empty subject.
const MAX_CN_CHARS: usize = 64;

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
        )
        .with("given", entropy.len().to_string())
        .with("min", MIN_ENTROPY_BYTES.to_string()));
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
            ))
            .with("size", text.len().to_string()));
        }
        // Text before the PEM (as some tools write) is skipped; so is surrounding whitespace.
        let start = text.find("-----BEGIN ").ok_or_else(|| {
            key_invalid(
                "the key is not PEM text (no -----BEGIN line); give a private key in PEM, \
                 e.g. from `ncpcert key --out key.pem`",
            )
            .with("not_pem", "")
        })?;
        let pem = text[start..].trim_end();
        let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).map_err(|_| {
            key_invalid(
                "the key's PEM cannot be decoded (damaged base64 or BEGIN/END lines); give \
                 the key file as written, one key per file",
            )
            .with("damaged", "")
        })?;
        let der = Zeroizing::new(der);
        match label {
            "PRIVATE KEY" => Self::from_pkcs8(&der),
            "RSA PRIVATE KEY" => {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                let key = rsa::PrivateKey::from_pkcs1_der(&der).map_err(|_| {
                    key_invalid("the RSA PRIVATE KEY cannot be read; give an unencrypted RSA key")
                        .with("damaged", "")
                })?;
                Self::rsa(key)
            }
            "EC PRIVATE KEY" => Self::from_sec1(&der),
            "ENCRYPTED PRIVATE KEY" => Err(key_invalid(
                "the key is encrypted; decrypt it first (`openssl pkey -in key.pem -out \
                 plain.pem`) and keep the plain file private",
            )
            .with("encrypted", "")),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "CERTIFICATE" | "PUBLIC KEY" => {
                Err(key_invalid(&format!(
                    "this is a {label}, not a private key; give the private key's PEM file"
                ))
                .with("label", label))
            }
            _ => Err(key_invalid(
                "the PEM is not a private key (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or \
                 EC PRIVATE KEY); give the private key's PEM file",
            )
            .with("label", crate::report::excerpt(label))),
        }
    }

    fn from_pkcs8(der: &[u8]) -> Result<Self, KeyError> {
        let info = PrivateKeyInfoRef::try_from(der).map_err(|_| {
            key_invalid("the PRIVATE KEY cannot be read as PKCS#8; give an unencrypted key")
                .with("damaged", "")
        })?;
        let damaged =
            |_| key_invalid("the PRIVATE KEY is damaged; generate a new key").with("damaged", "");
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
                ))
                .with("algorithm", "")),
            },
            _ => Err(key_invalid(&format!(
                "the key's algorithm is neither RSA nor ECDSA; {SUPPORTED}"
            ))
            .with("algorithm", "")),
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
        ))
        .with("algorithm", ""))
    }

    fn rsa(key: rsa::PrivateKey) -> Result<Self, KeyError> {
        use rsa::traits::PublicKeyParts;
        let bits = key.n().bit_width();
        if !(2048..=4096).contains(&bits) || bits % 8 != 0 {
            return Err(key_invalid(&format!(
                "the RSA key is {bits} bits; CAs take 2048, 3072 or 4096 bits: generate a new \
                 key (`ncpcert key --algorithm rsa2048 --out key.pem`)"
            ))
            .with("bits", bits.to_string()));
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

/// Builds a CSR for `names` and signs it with the private key `key_pem`; returns the CSR as
/// PEM (`-----BEGIN CERTIFICATE REQUEST-----`).
///
/// Construction only: `names` are taken as [`super::check_csr_names`] returns them (A-labels,
/// lower case, no duplicates, checked by the domain rules), and the CSR is not read back
/// ([`super::check_made_csr`] does that); [`super::make_csr`] runs the three in turn. The first
/// name is the subject's common name (unless it is longer than 64 characters, which a CN
/// cannot hold: then the subject is empty), and every name is in the subjectAltName extension
/// as a DNS name.
///
/// The key is PKCS#8 PEM (`PRIVATE KEY`, as [`generate_key`] and `openssl genpkey` write
/// it), PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`): RSA of 2048 to 4096 bits,
/// P-256 or P-384, unencrypted.
pub fn build_csr(key_pem: &str, names: &[String]) -> Result<String, KeyError> {
    // No domain rule here (they are check_csr_names'): only what a DNS name in a CSR must be
    // to be encoded at all, so that unchecked input is refused rather than mis-encoded.
    if names.is_empty() {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            "no names given; give at least one domain name (the first is the common name)",
        ));
    }
    if names.iter().any(|n| n.is_empty() || !n.is_ascii()) {
        return Err(KeyError::new(
            ErrorCode::ArgumentInvalid,
            "the names must be checked first: give them as A-labels (ASCII), as the names check \
             returns them",
        ));
    }

    let key = SigningKey::from_pem(key_pem)?;

    let subject = match names.first() {
        Some(cn) if cn.chars().count() <= MAX_CN_CHARS => common_name(cn)?,
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
    Ok(pem)
}

/// The subject `CN=name`, its value a UTF8String as `Name::from_str` writes it. Built from
/// its parts rather than parsed from text: the parser looks attribute names up in const-oid's
/// database of every known OID, which would weigh over 100 KB in the npm keys module.
fn common_name(cn: &str) -> Result<Name, KeyError> {
    let failed = |_| internal("the CSR's subject could not be built");
    let mut rdn = RelativeDistinguishedName::default();
    rdn.insert(AttributeTypeAndValue {
        oid: const_oid::db::rfc4519::CN,
        value: Any::new(Tag::Utf8String, cn.as_bytes()).map_err(failed)?,
    })
    .map_err(failed)?;
    let mut sequence = RdnSequence::default();
    sequence.push(rdn);
    // `Name` is made only by decoding (or the `hazmat` feature): its own DER, decoded.
    Name::from_der(&sequence.to_der().map_err(failed)?).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The subject is exactly what x509-cert's own RFC 4514 parser makes of `CN=name`.
    #[test]
    fn common_name_equals_the_parsed_text() {
        for cn in [
            "www.example.com",
            "*.example.com",
            "xn--bcher-kva.example",
            "a",
        ] {
            let parsed = Name::from_str(&format!("CN={cn}")).unwrap();
            assert_eq!(common_name(cn).unwrap(), parsed);
            assert_eq!(
                common_name(cn).unwrap().to_der().unwrap(),
                parsed.to_der().unwrap()
            );
        }
    }
}
