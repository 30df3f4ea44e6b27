//! The checks around construction: the names before (the domain rules), the CSR made after
//! (read back as a CA reads it).

use super::{internal, KeyError};
use crate::codes::ErrorCode;
use crate::report::{Code, Finding};

/// Most names one CSR carries: what NCP accepts in one request.
const MAX_NAMES: usize = 100;

/// The names as they go in a CSR: A-labels, lower case, duplicates dropped (first kept);
/// refused with every finding (`csr.names_invalid`) when the domain rules find an error, and
/// with `argument.invalid` when the list is empty. What [`super::build_csr`] takes.
pub fn check_csr_names(names: &[String]) -> Result<Vec<String>, KeyError> {
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

/// Reads the CSR made (PEM) back as a CA would, and refuses it (`key.invalid`) when a CA would
/// refuse it: a weak RSA modulus or a small exponent of an imported key is refused here rather
/// than at NCP.
pub fn check_made_csr(csr_pem: &str) -> Result<(), KeyError> {
    let report = crate::inspect_csr(csr_pem.as_bytes())
        .map_err(|_| internal("the CSR made cannot be read back"))?;
    let refused: Vec<&Finding> = report.findings.iter().filter(|f| f.is_error()).collect();
    let errors: Vec<&str> = refused.iter().map(|f| f.message.as_str()).collect();
    let codes: Vec<&str> = refused.iter().map(|f| f.code.as_str()).collect();
    if !errors.is_empty() {
        return Err(KeyError::new(
            ErrorCode::KeyInvalid,
            format!(
                "a CA would refuse a CSR for this key: {}; generate a new key",
                errors.join("; ")
            ),
        )
        .with("codes", codes.join(", ")));
    }
    Ok(())
}
