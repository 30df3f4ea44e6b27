//! ListAdvancedCertificates from the command line: the lookup that settles an ambiguous
//! issuance request (SPEC §12), and `ncpcert status`.

use crate::http::Client;
use crate::Session;
use ncpcert::{
    parse_certificate_list, ApiError, CertificateList, CertificateSummary,
    ListAdvancedCertificates, Outcome, Site,
};
use serde_json::{json, Value};
use std::time::Duration;

/// Certificates asked for per page.
const PAGE_SIZE: u32 = 100;
/// Pages read at most (10 000 certificates).
const MAX_PAGES: u32 = 100;
/// Attempts of one page: a lookup changes nothing, so an ambiguous failure is retried too.
const ATTEMPTS: u32 = 3;

/// Why a lookup gave no answer.
pub struct LookupFailed {
    /// In words.
    pub message: String,
    /// The last error as JSON (`{"kind": …}`).
    pub error: Value,
}

/// Which certificate to look for.
pub enum Wanted<'a> {
    Name(&'a str),
    Number(u64),
}

/// The certificate wanted, `None` when the account has none such, or why NCP could not say.
pub fn find(
    session: &Session,
    client: &Client,
    site: &Site,
    wanted: &Wanted<'_>,
) -> Result<Option<CertificateSummary>, LookupFailed> {
    let name = match wanted {
        Wanted::Name(name) => Some(*name),
        Wanted::Number(_) => None,
    };
    for page in 1..=MAX_PAGES {
        let mut call = ListAdvancedCertificates::new()
            .page(page)
            .page_size(PAGE_SIZE);
        if let Some(name) = name {
            call = call.certificate_name(name);
        }
        let list = fetch_page(session, client, site, &call)?;
        let found = match wanted {
            Wanted::Name(name) => list.find_by_name(name),
            Wanted::Number(no) => list.find_by_number(*no),
        };
        if let Some(found) = found {
            return Ok(Some(found.clone()));
        }
        let listed = list.certificates().count() as u64;
        let seen = u64::from(page - 1) * u64::from(PAGE_SIZE) + listed;
        let more = listed >= u64::from(PAGE_SIZE) && list.total_count.is_none_or(|t| seen < t);
        if !more {
            break;
        }
    }
    Ok(None)
}

/// One page, retried on failures a read may repeat.
fn fetch_page(
    session: &Session,
    client: &Client,
    site: &Site,
    call: &ListAdvancedCertificates,
) -> Result<CertificateList, LookupFailed> {
    let prepared = call.prepare(site).map_err(|e| LookupFailed {
        message: e.to_string(),
        error: json!({"kind": "argument", "code": e.code(), "message": e.message()}),
    })?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let signed = prepared
            .sign(
                &session.signer,
                session.now_ms().map_err(|f| LookupFailed {
                    message: f.text.clone(),
                    error: f.json.clone(),
                })?,
            )
            .map_err(|e| LookupFailed {
                message: e.to_string(),
                error: json!({"kind": "signing", "code": e.code(), "message": e.message()}),
            })?;
        let (outcome, failed) = match client.send(&signed) {
            Ok((status, body)) => match parse_certificate_list(status, &body) {
                Ok(list) => return Ok(list),
                Err(e) => (e.outcome, api_failure(&e)),
            },
            Err(e) => (
                Outcome::of_transport(e.failure),
                LookupFailed {
                    error: json!({"kind": "transport", "outcome": Outcome::of_transport(e.failure), "message": e.message}),
                    message: e.message,
                },
            ),
        };
        if outcome == Outcome::Final || attempt >= ATTEMPTS {
            return Err(failed);
        }
        let wait = Duration::from_millis(500u64 << (attempt - 1).min(3));
        session.note(&format!(
            "lookup attempt {attempt} failed: {}; trying again in {:.1}s",
            failed.message,
            wait.as_secs_f64()
        ));
        std::thread::sleep(wait);
    }
}

fn api_failure(e: &ApiError) -> LookupFailed {
    LookupFailed {
        message: e.to_string(),
        error: serde_json::from_str(&e.to_json()).unwrap_or_default(),
    }
}

/// One certificate for people: number, name, status, type, names, then every other field.
pub fn describe(c: &CertificateSummary) -> String {
    let mut out = format!(
        "certificateNo {}\nname          {}\nstatus        {} (\"{}\")\ntype          {}\n",
        c.certificate_no,
        c.certificate_name,
        c.status.name(),
        c.status_name,
        c.certificate_type.as_deref().unwrap_or("(not given)"),
    );
    if !c.common_name.is_empty() {
        out.push_str(&format!("commonName    {}\n", c.common_name));
    }
    if !c.dns_names.is_empty() {
        out.push_str(&format!("dnsName       {}\n", c.dns_names.join(", ")));
    }
    for (key, value) in &c.extra {
        let shown = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out.push_str(&format!("{key:<13} {shown}\n"));
    }
    out.pop();
    out
}
