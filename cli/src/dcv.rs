//! The DNS records NCP checks before it issues (ListDcvStatuses): fetched per name
//! of the certificate, and printed so that a user can paste them into a DNS console.

use crate::failure::Failure;
use crate::http::Client;
use crate::read;
use crate::session::Session;
use ncpcert::{parse_dcv_statuses, DcvRecord, DcvState, DcvStatuses, ListDcvStatuses, Site};
use serde_json::{json, Value};

/// The answer of ListDcvStatuses for one name.
pub struct DomainRecords {
    /// The name asked about (`domainAddress`).
    pub domain: String,
    pub statuses: DcvStatuses,
}

/// The records of every name in `domains`, one call each.
pub fn fetch(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    certificate_no: u64,
    domains: &[String],
) -> Result<Vec<DomainRecords>, Failure> {
    domains
        .iter()
        .map(|domain| {
            let prepared = ListDcvStatuses::new(certificate_no, domain.as_str()).prepare(site)?;
            let statuses = read::send(session, client, &prepared, "domain validation", |s, b| {
                parse_dcv_statuses(s, b).map(|answer| answer.for_domain(domain))
            })?;
            Ok(DomainRecords {
                domain: domain.clone(),
                statuses,
            })
        })
        .collect()
}

/// `true` when every name has records and every record is validated.
pub fn all_validated(records: &[DomainRecords]) -> bool {
    !records.is_empty() && records.iter().all(|d| d.statuses.is_validated())
}

/// The names whose validation timed out.
pub fn timed_out(records: &[DomainRecords]) -> Vec<&str> {
    records
        .iter()
        .filter(|d| {
            d.statuses
                .records
                .iter()
                .any(|r| r.state == DcvState::Timeout)
        })
        .map(|d| d.domain.as_str())
        .collect()
}

/// `[{"domain", "validated", "answer": <ListDcvStatuses answer>}]` for `--json`.
pub fn to_json(records: &[DomainRecords]) -> Value {
    Value::Array(
        records
            .iter()
            .map(|d| {
                let answer: Value = serde_json::from_str(&d.statuses.to_json()).unwrap_or_default();
                json!({"domain": d.domain, "validated": d.statuses.is_validated(), "answer": answer})
            })
            .collect(),
    )
}

/// The records for people: per name its state and the record (name, type, value), every other
/// field NCP sent, then the same records as zone-file lines.
pub fn describe(records: &[DomainRecords]) -> String {
    let mut out = String::from("DNS records to publish (one TXT record each):\n");
    let mut zone = Vec::new();
    for d in records {
        if d.statuses.records.is_empty() {
            out.push_str(&format!(
                "\n  {}: NCP has no record for this name yet; ask again in a moment\n",
                d.domain
            ));
        }
        for record in &d.statuses.records {
            out.push_str(&format!(
                "\n  {} — {}\n",
                d.domain,
                state_words(record.state, record)
            ));
            let name = record
                .record_name
                .as_deref()
                .or(record.txt_name.as_deref())
                .unwrap_or("(NCP sent no txtName)");
            out.push_str(&format!("    name   {name}\n    type   TXT\n"));
            match (&record.txt_value, record.value_field) {
                (Some(value), Some(field)) => {
                    out.push_str(&format!("    value  {value}\n"));
                    if field != "txtValue" {
                        out.push_str(&format!("           (from NCP's field {field:?})\n"));
                    }
                    if let Some(fqdn) = &record.record_name {
                        zone.push(format!("{fqdn}. IN TXT {}", zone_text(value)));
                    }
                }
                _ => out.push_str(
                    "    value  not in a field ncpcert knows: NCP's answer is below; the value \
                     is one of its fields (or see the NCP console)\n",
                ),
            }
            if record.txt_name.as_deref() != record.record_name.as_deref() {
                if let Some(sent) = &record.txt_name {
                    out.push_str(&format!("    (NCP's txtName: {sent})\n"));
                }
            }
            let sent = fields_sent(record);
            if !sent.is_empty() {
                out.push_str(&format!("    NCP also sent: {sent}\n"));
            }
        }
        let top: Vec<String> = d
            .statuses
            .extra
            .iter()
            .filter(|(key, _)| !key.ends_with("Count") && *key != "emailVerificationList")
            .map(|(key, value)| format!("{key}={}", shown(value)))
            .collect();
        if !top.is_empty() {
            out.push_str(&format!(
                "    (answer for {}: {})\n",
                d.domain,
                top.join(", ")
            ));
        }
    }
    if !zone.is_empty() {
        out.push_str("\nAs zone-file lines:\n");
        for line in zone {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.pop();
    out
}

fn state_words(state: DcvState, record: &DcvRecord) -> String {
    match state {
        DcvState::Success => String::from("validated"),
        DcvState::Pending => String::from("waiting for this record"),
        DcvState::Timeout => String::from("TIMED OUT: NCP did not see the record in time"),
        _ => format!("state {:?}", record.status_code),
    }
}

/// The fields of a record besides name and value: `validSn 70001, requestSn …, ttl 300`.
fn fields_sent(record: &DcvRecord) -> String {
    let mut parts = Vec::new();
    if let Some(sn) = &record.valid_sn {
        parts.push(format!("validSn {sn}"));
    }
    if let Some(sn) = &record.request_sn {
        parts.push(format!("requestSn {sn}"));
    }
    for (key, value) in &record.extra {
        if Some(key.as_str()) != record.value_field {
            parts.push(format!("{key} {}", shown(value)));
        }
    }
    parts.join(", ")
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A TXT value as zone-file text: in quotes, `"` and `\` escaped (RFC 1035 §5.1).
fn zone_text(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}
