//! Keys and CSRs for hosts: the algorithm by name, the names as a JSON value.

use super::HostError;
use crate::keys::{self, KeyError};
#[cfg(feature = "keys")]
use crate::keys::{KeyAlgorithm, PrivateKeyPem};
use serde_json::Value;

/// A private key of `algorithm` (`rsa2048` when `None`) made from `entropy`, which the host
/// draws from its operating system (at least [`keys::MIN_ENTROPY_BYTES`] bytes).
#[cfg(feature = "keys")]
pub fn generate_key(algorithm: Option<&str>, entropy: &[u8]) -> Result<PrivateKeyPem, HostError> {
    let algorithm = match algorithm {
        Some(name) => name.parse::<KeyAlgorithm>()?,
        None => KeyAlgorithm::default(),
    };
    Ok(keys::generate_key(algorithm, entropy)?)
}

/// A CSR (PEM) for `names`, a JSON array of strings, signed with the private key `key_pem`.
#[cfg(feature = "keys")]
pub fn make_csr(key_pem: &str, names: &Value) -> Result<String, HostError> {
    let names = string_list(names)?;
    Ok(keys::make_csr(key_pem, &names)?)
}

/// The names of `names` (a JSON array of strings) as they go in a CSR (A-labels), or
/// `csr.names_invalid` with every finding: the first step of [`make_csr`], for hosts that
/// build the CSR elsewhere (the npm `ncpcert/keys` module).
pub fn check_csr_names(names: &Value) -> Result<Vec<String>, HostError> {
    Ok(keys::check_csr_names(&string_list(names)?)?)
}

/// Refuses (`key.invalid`) a CSR made from checked names that a CA would refuse: the last step
/// of [`make_csr`].
pub fn check_made_csr(csr_pem: &str) -> Result<(), HostError> {
    Ok(keys::check_made_csr(csr_pem)?)
}

fn string_list(value: &Value) -> Result<Vec<String>, HostError> {
    let refused = || {
        HostError::argument(
            "names must be a list of domain names (strings), the first being the common name",
        )
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(refused))
            .collect(),
        _ => Err(refused()),
    }
}

impl From<KeyError> for HostError {
    fn from(e: KeyError) -> Self {
        if e.findings().is_empty() {
            e.args().iter().fold(
                HostError::coded(e.code(), e.message()),
                |error, (name, value)| error.with(name, value.clone()),
            )
        } else {
            HostError::Validation(super::ValidationFailure {
                error_type: e.code().error_type(),
                code: e.code(),
                message: e.message().to_owned(),
                findings: e.findings().to_vec(),
            })
        }
    }
}
