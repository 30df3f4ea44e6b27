//! `ncpcert key --out FILE`: a new private key, from the operating system's random
//! generator, written to a new file only its owner can read.

use super::Output;
use crate::failure::Failure;
use crate::files;
use ncpcert::keys::{generate_key, KeyAlgorithm, KeyError};
use serde_json::json;
use std::path::Path;
use zeroize::Zeroizing;

pub fn run(algorithm: &str, out: &Path) -> Result<Output, Failure> {
    let algorithm: KeyAlgorithm = algorithm.parse().map_err(|e: KeyError| key_failure(&e))?;
    // Refused before any work; the write itself refuses a file created meanwhile too.
    files::check_new_file(out)?;
    let mut entropy = Zeroizing::new([0u8; 32]);
    getrandom::fill(entropy.as_mut()).map_err(|e| {
        Failure::new(
            ncpcert::ErrorCode::OutputFailed,
            format!("the operating system's random generator failed ({e}); no key was made"),
        )
    })?;
    let key = generate_key(algorithm, entropy.as_ref()).map_err(|e| key_failure(&e))?;
    files::write_private(out, key.as_str().as_bytes())?;
    let path = out.display().to_string();
    Ok(Output::new(
        json!({"key": path, "algorithm": algorithm.as_str()}),
        format!("wrote a new {algorithm} private key to {path} (mode 0600; keep it private)"),
    ))
}

/// The core's key error as a failure; names refused come with every finding.
pub fn key_failure(e: &KeyError) -> Failure {
    let lang = crate::failure::lang();
    let failure = Failure::rendered(e.code(), e.message_in(lang));
    if e.findings().is_empty() {
        failure
    } else {
        let findings: Vec<_> = e.findings().iter().map(|f| f.localized(lang)).collect();
        failure.with(
            "findings",
            serde_json::to_value(findings).unwrap_or_default(),
        )
    }
}
