//! `ncpcert csr --key FILE --domain D…`: a CSR signed with a private key, printed or written
//! to a new file.

use super::key::key_failure;
use super::Output;
use crate::failure::Failure;
use crate::files;
use serde_json::json;
use std::path::Path;
use zeroize::Zeroizing;

pub fn run(key: &Path, domains: &[String], out: Option<&Path>) -> Result<Output, Failure> {
    if let Some(out) = out {
        files::check_new_file(out)?;
    }
    // The key is read into memory that is wiped afterwards; a message about it names the
    // file, never its content.
    let bytes = Zeroizing::new(std::fs::read(key).map_err(|e| {
        Failure::argument(format!("cannot read the key file {}: {e}", key.display()))
    })?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Failure::new(
            ncpcert::ErrorCode::KeyInvalid,
            format!(
                "{} is not a PEM text file; give the private key in PEM (e.g. from `ncpcert \
                 key`)",
                key.display()
            ),
        )
    })?;
    let csr = ncpcert::keys::make_csr(text, domains)
        .map_err(|e| key_failure(&e).with("key", key.display().to_string()))?;
    let report = ncpcert::inspect_csr(csr.as_bytes()).ok();
    let names: Vec<String> = report
        .map(|r| r.san.into_iter().map(|s| s.value).collect())
        .unwrap_or_default();
    match out {
        Some(out) => {
            files::write_new(out, csr.as_bytes())?;
            let path = out.display().to_string();
            Ok(Output::new(
                json!({"csr": path, "names": names}),
                format!("wrote the CSR for {} to {path}", names.join(", ")),
            ))
        }
        None => Ok(Output::new(
            json!({"csrPem": csr, "names": names}),
            csr.trim_end().to_owned(),
        )),
    }
}
