//! Key generation and signing in Rust: a private key from the host's entropy, and a CSR
//! signed with the RustCrypto keys, around the structure of `assemble` for names already
//! checked.

use super::assemble::{assemble_csr, encodable_names, request_info};
use super::read::{damaged_pkcs8, read_private_key};
use super::{internal, KeyAlgorithm, KeyError, KeyKind, PrivateKeyPem, MIN_ENTROPY_BYTES};
use crate::codes::ErrorCode;
use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::SeedableRng;
use rsa::signature::{SignatureEncoding, Signer};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

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
        Some(bits) => rsa::PrivateKey::new(&mut rng, usize::from(bits))
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

/// A key read for signing, with the RustCrypto key that does the arithmetic.
enum SigningKey {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl SigningKey {
    /// The key of a PKCS#8 DER whose kind [`read_private_key`] read. Its parts are checked
    /// here, by the arithmetic (an RSA key whose primes do not give its modulus, a scalar out
    /// of range).
    fn from_pkcs8(kind: KeyKind, der: &[u8]) -> Result<Self, KeyError> {
        let damaged = |_| damaged_pkcs8();
        Ok(match kind {
            KeyKind::Rsa(_) => SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(
                rsa::PrivateKey::from_pkcs8_der(der).map_err(damaged)?,
            ))),
            KeyKind::P256 => {
                SigningKey::P256(p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(damaged)?)
            }
            KeyKind::P384 => {
                SigningKey::P384(p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(damaged)?)
            }
        })
    }

    /// The public key, as a DER SubjectPublicKeyInfo.
    fn public_key_der(&self) -> Result<Vec<u8>, KeyError> {
        match self {
            SigningKey::Rsa(key) => key.as_ref().as_ref().to_public_key().to_public_key_der(),
            SigningKey::P256(key) => key.verifying_key().to_public_key_der(),
            SigningKey::P384(key) => key.verifying_key().to_public_key_der(),
        }
        .map(|document| document.into_vec())
        .map_err(|_| internal("the public key could not be encoded"))
    }

    /// The signature of `message`: PKCS#1 v1.5 with SHA-256, or deterministic ECDSA (RFC 6979)
    /// with the curve's hash (SHA-256, SHA-384) as `r‖s`, the form WebCrypto gives too.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let failed = |_| internal("the CSR could not be signed");
        Ok(match self {
            SigningKey::Rsa(key) => key.try_sign(message).map_err(failed)?.to_vec(),
            SigningKey::P256(key) => {
                let signature: p256::ecdsa::Signature = key.try_sign(message).map_err(failed)?;
                signature.to_vec()
            }
            SigningKey::P384(key) => {
                let signature: p384::ecdsa::Signature = key.try_sign(message).map_err(failed)?;
                signature.to_vec()
            }
        })
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
    encodable_names(names)?;
    let key = read_private_key(key_pem)?;
    let signer = SigningKey::from_pkcs8(key.kind(), key.pkcs8_der())?;
    let info = request_info(&signer.public_key_der()?, names, Some(key.kind()))?;
    let signature = signer.sign(&info)?;
    assemble_csr(&info, key.kind(), &signature)
}
