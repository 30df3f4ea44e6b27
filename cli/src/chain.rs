//! `ncpcert chain N --out DIR` (GetCertificateChain), also the last step of
//! `ncpcert issue`.

use crate::failure::Failure;
use crate::files;
use crate::http::Client;
use crate::read;
use crate::session::Session;
use ncpcert::{parse_certificate_chain, CertificateChain, ErrorCode, GetCertificateChain, Site};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The chain of certificate `certificate_no`.
pub fn fetch(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    certificate_no: u64,
) -> Result<CertificateChain, Failure> {
    let prepared = GetCertificateChain::new(certificate_no).prepare(site)?;
    read::send(
        session,
        client,
        &prepared,
        "certificate chain",
        parse_certificate_chain,
    )
}

/// Writes the chain's files into `out`; returns the paths.
pub fn write(chain: &CertificateChain, out: &Path, force: bool) -> Result<Vec<PathBuf>, Failure> {
    let files = chain.files();
    let missing: Vec<&str> = files::file_names()
        .filter(|name| !files.iter().any(|(n, _)| n == name))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::new(
            ErrorCode::OutputFailed,
            format!(
                "NCP's answer lacks the part of {} (subCaCertificate / rootCaCertificate); \
                 nothing was written",
                missing.join(", ")
            ),
        )
        .with(
            "hint",
            "Ask again later, or download the files from the NCP console.",
        )
        .with("missing", json!(missing)));
    }
    files::write(out, &files, force)
}

/// `{"certificateNo", "subjectCommonName", "files": {name: path}, "chain": <answer>}`.
pub fn to_json(certificate_no: u64, chain: &CertificateChain, written: &[PathBuf]) -> Value {
    let paths: serde_json::Map<String, Value> = written
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, Value::from(p.display().to_string()))
        })
        .collect();
    let answer: Value = serde_json::from_str(&chain.to_json()).unwrap_or_default();
    json!({
        "certificateNo": certificate_no,
        "subjectCommonName": chain.subject_common_name,
        "files": paths,
        "chain": answer,
    })
}

/// For people: what was written, and what each file is for.
pub fn describe(chain: &CertificateChain, written: &[PathBuf]) -> String {
    let mut out = format!(
        "certificate for {} written:\n",
        chain
            .subject_common_name
            .as_deref()
            .unwrap_or("(no subjectCommonName sent)")
    );
    for path in written {
        let name = path.file_name().and_then(|n| n.to_str());
        let role = ncpcert::CHAIN_FILES
            .iter()
            .find(|(file, _)| Some(*file) == name)
            .map_or("", |(_, role)| role);
        out.push_str(&format!("  {}  {role}\n", path.display()));
    }
    let extra: Vec<String> = chain
        .extra
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                match v {
                    Value::String(s) => s.clone(),
                    o => o.to_string(),
                }
            )
        })
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!("NCP also sent: {}\n", extra.join(", ")));
    }
    out.push_str("The private key is not among them: it is the one you made the CSR with.");
    out
}
