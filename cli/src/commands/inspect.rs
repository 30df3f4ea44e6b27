//! `ncpcert inspect FILE`: what a CA would refuse in a CSR, before it is sent.

use super::Output;
use crate::failure::{findings, parsed, Failure};
use crate::output;
use crate::session::read_file;
use ncpcert::{CsrReport, ErrorCode, Policy};
use std::path::Path;

pub fn run(file: &Path) -> Result<Output, Failure> {
    let bytes = read_file(file)?;
    let report = ncpcert::inspect_csr(&bytes).map_err(|e| {
        // A CSR that cannot be read at all: the finding's code says why.
        let mut failure = Failure::argument(e.message());
        failure.error.insert("type".into(), "csr".into());
        failure.error.insert("code".into(), e.code().into());
        failure.error.remove("detail");
        failure
            .with(
                "message",
                e.finding().message_in(crate::failure::lang()).as_ref(),
            )
            .with("field", e.finding().field.as_str())
    })?;
    if !report.is_valid() {
        let shown = describe(&report);
        return Err(Failure::new(
            ErrorCode::CsrRefused,
            format!("{shown}\nthe CSR would be refused (see the findings above)"),
        )
        .with("findings", findings(&report.report(&Policy::lenient())))
        .context(
            "csr",
            parsed(&report.localized(crate::failure::lang()).to_json()),
        ));
    }
    let localized = report.localized(crate::failure::lang());
    Ok(Output::new(parsed(&localized.to_json()), describe(&report)))
}

fn describe(report: &CsrReport) -> String {
    let mut out = Vec::new();
    let s = &report.subject;
    out.push(format!("subject CN: {}", s.common_names.join(", ")));
    for (label, value) in [
        ("O", &s.organization),
        ("OU", &s.organizational_unit),
        ("C", &s.country),
        ("ST", &s.state),
        ("L", &s.locality),
    ] {
        if let Some(v) = value {
            out.push(format!("subject {label}: {v}"));
        }
    }
    let san: Vec<String> = report
        .san
        .iter()
        .map(|e| format!("{}:{}", e.kind, e.value))
        .collect();
    out.push(format!(
        "SAN: {}",
        if san.is_empty() {
            String::from("(none)")
        } else {
            san.join(", ")
        }
    ));
    let k = &report.key;
    let size = k.bits.map(|b| format!(" {b} bits")).unwrap_or_default();
    let curve = k
        .curve
        .as_deref()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    let exp = k
        .rsa_exponent
        .map(|e| format!(" e={e}"))
        .unwrap_or_default();
    out.push(format!("key: {}{size}{curve}{exp}", k.algorithm));
    let verified = match report.signature_valid {
        Some(true) => "valid",
        Some(false) => "INVALID",
        None => "not checked",
    };
    out.push(format!(
        "signature: {} ({verified})",
        report.signature_algorithm
    ));
    out.push(format!("SHA-256: {}", report.fingerprint_sha256));
    if report.findings.is_empty() {
        out.push(String::from("findings: none"));
    } else {
        out.push(format!("findings:\n{}", output::findings(&report.findings)));
    }
    out.join("\n")
}
