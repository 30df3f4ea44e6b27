//! ListAdvancedCertificates from the command line: `ncpcert status` and `dcv`.

use crate::failure::Failure;
use crate::http::Client;
use crate::session::Session;
use ncpcert::{
    parse_certificate_list, CertificateList, CertificateSummary, ErrorCode,
    ListAdvancedCertificates, Site,
};
use serde_json::Value;

/// Certificates asked for per page.
const PAGE_SIZE: u32 = 100;
/// Pages read at most (10 000 certificates).
const MAX_PAGES: u32 = 100;

/// Which certificate to look for.
pub enum Wanted<'a> {
    Name(&'a str),
    Number(u64),
}

/// The certificate wanted, `None` when the account has none such, or why NCP could not say.
pub fn find(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    wanted: &Wanted<'_>,
) -> Result<Option<CertificateSummary>, Failure> {
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

/// The certificate wanted, or `certificate.not_found` with what to check.
pub fn require(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    wanted: &Wanted<'_>,
) -> Result<CertificateSummary, Failure> {
    find(session, client, site, wanted)?.ok_or_else(|| {
        let message = match wanted {
            Wanted::Name(name) => ncpcert::no_certificate_named(name),
            Wanted::Number(no) => ncpcert::no_certificate_numbered(*no),
        };
        Failure::new(ErrorCode::CertificateNotFound, message)
    })
}

/// Every Advanced certificate of the account, the pages read into one list.
pub fn all(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
) -> Result<CertificateList, Failure> {
    let mut all: Option<CertificateList> = None;
    for page in 1..=MAX_PAGES {
        let call = ListAdvancedCertificates::new()
            .page(page)
            .page_size(PAGE_SIZE);
        let list = fetch_page(session, client, site, &call)?;
        let listed = list.certificates().count() as u64;
        let total = list.total_count;
        match &mut all {
            None => all = Some(list),
            Some(all) => all.orders.extend(list.orders),
        }
        let seen = u64::from(page - 1) * u64::from(PAGE_SIZE) + listed;
        if listed < u64::from(PAGE_SIZE) || total.is_some_and(|t| seen >= t) {
            break;
        }
    }
    all.ok_or_else(|| Failure::new(ErrorCode::InternalMisuse, "no page was read"))
}

fn fetch_page(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    call: &ListAdvancedCertificates,
) -> Result<CertificateList, Failure> {
    let prepared = call.prepare(site)?;
    crate::read::send(session, client, &prepared, "lookup", parse_certificate_list)
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

/// Exit status 1 for a certificate NCP will not issue: its state, what that means and what to
/// do (the core's advice), and the names whose validation timed out.
pub fn not_issued(c: &CertificateSummary, timed_out: &[&str]) -> Failure {
    let names = if timed_out.is_empty() {
        String::new()
    } else {
        format!(" Validation timed out for: {}.", timed_out.join(", "))
    };
    let code = match c.status {
        ncpcert::CertificateStatus::ValidationFailed
        | ncpcert::CertificateStatus::ValidationExpire => ErrorCode::OrderValidationFailed,
        _ => ErrorCode::OrderFailed,
    };
    Failure::new(
        code,
        format!(
            "certificate {} is {} (\"{}\"): NCP will not issue it.{names}",
            c.certificate_no,
            c.status.name(),
            c.status_name
        ),
    )
    .with("hint", c.status.not_issued_advice())
    .with("certificateNo", c.certificate_no)
    .with("status", c.status.name())
}
