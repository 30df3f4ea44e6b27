//! The account's certificates as an inventory: when each issued certificate expires (read
//! from the certificate itself), which are superseded by a newer one of the same order and
//! names, and the subscription of each order. Pure functions over what the host fetched
//! (ListAdvancedCertificates, ListOrders, the chains) and the time it passes in.
//!
//! ```
//! use ncpcert::inventory::certificate_expiry;
//! # let pem = include_str!("../tests/data/order/same-key.cert.pem");
//! let expiry = certificate_expiry(pem)?;
//! assert_eq!(expiry.not_after, "2027-03-06T22:03:28Z");
//! assert_eq!(expiry.days_left(1_800_000_000_000), 50);
//! # Ok::<(), ncpcert::inventory::ExpiryError>(())
//! ```

use base64::Engine as _;
use der::Decode as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;

use crate::order::time::{ncp_local_ms, rfc3339_seconds};
use crate::{CertificateList, CertificateStatus, CertificateSummary, ErrorCode, OrderList};

/// Milliseconds in a day.
pub const MS_PER_DAY: i64 = 86_400_000;

/// The validity of an issued certificate, read from the certificate itself.
///
/// Serialises as `{"notBefore", "notAfter" (RFC 3339, UTC), "notBeforeMs", "notAfterMs"
/// (milliseconds since the Unix epoch), "lifetimeDays", "serialNumber" (hex), "names" (its
/// DNS names)}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Expiry {
    /// `notBefore`, e.g. `2026-12-06T22:03:28Z`.
    pub not_before: String,
    /// `notAfter`, e.g. `2027-03-06T22:03:28Z`.
    pub not_after: String,
    /// `notBefore` in milliseconds since the Unix epoch.
    pub not_before_ms: i64,
    /// `notAfter` in milliseconds since the Unix epoch.
    pub not_after_ms: i64,
    /// Whole days from `notBefore` to `notAfter`.
    pub lifetime_days: i64,
    /// The serial number, upper-case hex.
    pub serial_number: String,
    /// The DNS names of its subject alternative names, as written there.
    pub names: Vec<String>,
}

impl Expiry {
    /// Whole days from `now_ms` to `notAfter`, rounded down: 0 on its last day, negative once
    /// it has expired.
    pub fn days_left(&self, now_ms: i64) -> i64 {
        days_left(self.not_after_ms, now_ms)
    }
}

/// Whole days from `now_ms` to `not_after_ms`, rounded down (negative once past).
pub fn days_left(not_after_ms: i64, now_ms: i64) -> i64 {
    not_after_ms.saturating_sub(now_ms).div_euclid(MS_PER_DAY)
}

/// A certificate that cannot be read. Code `certificate.invalid`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiryError {
    message: String,
}

impl ExpiryError {
    fn new(why: impl fmt::Display) -> Self {
        ExpiryError {
            message: format!(
                "the certificate cannot be read ({why}); give the PEM of the issued certificate \
                 (cert.pem, or the first block of fullchain.pem)"
            ),
        }
    }

    /// [`ErrorCode::CertificateInvalid`].
    pub fn code(&self) -> ErrorCode {
        ErrorCode::CertificateInvalid
    }

    /// What is wrong and what to give instead.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ExpiryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpiryError {}

/// The most PEM text read (a chain of a few certificates is far less).
const MAX_PEM_BYTES: usize = 256 * 1024;

/// The validity of the first certificate of `pem` (a `CERTIFICATE` block; text around it
/// and further blocks, as in `fullchain.pem`, are ignored). Never panics.
pub fn certificate_expiry(pem: &str) -> Result<Expiry, ExpiryError> {
    if pem.len() > MAX_PEM_BYTES {
        return Err(ExpiryError::new(format!(
            "it is {} bytes, more than {MAX_PEM_BYTES}",
            pem.len()
        )));
    }
    let base64 = first_certificate_block(pem)
        .ok_or_else(|| ExpiryError::new("no -----BEGIN CERTIFICATE----- block"))?;
    let der = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .map_err(|e| ExpiryError::new(format!("its base64 does not decode: {e}")))?;
    certificate_expiry_der(&der)
}

/// The validity of a DER-encoded certificate.
pub fn certificate_expiry_der(der: &[u8]) -> Result<Expiry, ExpiryError> {
    let certificate = x509_cert::Certificate::from_der(der)
        .map_err(|e| ExpiryError::new(format!("not an X.509 certificate: {e}")))?;
    Ok(expiry_of(&certificate))
}

/// The base64 of the first `CERTIFICATE` block, whatever its line endings (NCP sends CRLF).
fn first_certificate_block(pem: &str) -> Option<String> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let start = pem.find(BEGIN)? + BEGIN.len();
    let end = pem[start..].find(END)? + start;
    Some(pem[start..end].split_ascii_whitespace().collect())
}

fn expiry_of(certificate: &x509_cert::Certificate) -> Expiry {
    let tbs = certificate.tbs_certificate();
    let seconds = |t: &x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX / 1000)
    };
    let not_before = seconds(&tbs.validity().not_before);
    let not_after = seconds(&tbs.validity().not_after);
    let names = tbs
        .get_extension::<SubjectAltName>()
        .ok()
        .flatten()
        .map(|(_, san)| {
            san.0
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DnsName(dns) => Some(dns.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let serial_number = tbs
        .serial_number()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    Expiry {
        not_before: rfc3339_seconds(not_before),
        not_after: rfc3339_seconds(not_after),
        not_before_ms: not_before.saturating_mul(1000),
        not_after_ms: not_after.saturating_mul(1000),
        lifetime_days: (not_after - not_before).div_euclid(86_400),
        serial_number,
        names,
    }
}

/// Where a row's validity comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ExpirySource {
    /// The issued certificate itself (its chain was fetched).
    Certificate,
    /// NCP's listing (`notBefore`/`notAfter`, Korean time).
    Listing,
}

/// One certificate of the inventory (`ncpcert list`).
///
/// Serialises as `{"certificateNo", "certificateName", "certificateType", "statusCode",
/// "status", "statusName", "issued", "names", "orderId", "notBefore", "notAfter",
/// "notAfterMs", "lifetimeDays", "daysLeft", "expirySource", "superseded", "supersededBy",
/// "subscriptionEndDt", "subscriptionEnd", "remainingDays", "extendableYears"}`; absent facts
/// are `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InventoryRow {
    /// `certificateNo`.
    pub certificate_no: u64,
    /// `certificateName`.
    pub certificate_name: String,
    /// `certificateType` (`NCP_PAID_DV_01`, `NCP_PAID_OV_01`), when listed.
    pub certificate_type: Option<String>,
    /// NCP's status code.
    pub status_code: i64,
    /// ncpcert's name for the status (`NORMAL`, `ONGOING`, …).
    pub status: CertificateStatus,
    /// NCP's `statusName`.
    pub status_name: String,
    /// Issued (NORMAL or a variant of it): it has a certificate to expire.
    pub issued: bool,
    /// The common name and DNS names: lower-cased, without duplicates, sorted.
    pub names: Vec<String>,
    /// The order it belongs to, when listed.
    pub order_id: Option<String>,
    /// `notBefore`, RFC 3339 UTC.
    pub not_before: Option<String>,
    /// `notAfter`, RFC 3339 UTC.
    pub not_after: Option<String>,
    /// `notAfter` in milliseconds since the Unix epoch.
    pub not_after_ms: Option<i64>,
    /// Whole days of validity.
    pub lifetime_days: Option<i64>,
    /// Whole days left at the time passed in (negative once expired).
    pub days_left: Option<i64>,
    /// Where the validity comes from.
    pub expiry_source: Option<ExpirySource>,
    /// A newer issued certificate of the same order with the same names replaces it: it never
    /// counts as expiring.
    pub superseded: bool,
    /// The number of the newest certificate that supersedes it.
    pub superseded_by: Option<u64>,
    /// The order's `subscriptionEndDt`, as NCP sent it (Korean time).
    pub subscription_end_dt: Option<String>,
    /// The order's subscription end, RFC 3339 UTC.
    pub subscription_end: Option<String>,
    /// The order's `remainingDays`.
    pub remaining_days: Option<i64>,
    /// The order's `extendableYears`.
    pub extendable_years: Option<i64>,
}

impl InventoryRow {
    /// Counts for "expiring within `days`": issued, not superseded, and fewer than `days`
    /// whole days left (an expired one counts).
    pub fn expires_within(&self, days: i64) -> bool {
        self.issued && !self.superseded && self.days_left.is_some_and(|left| left < days)
    }
}

/// The issued certificates a host fetches the chain of, so that the inventory reads their
/// validity from the certificates themselves: every issued one of `list`.
pub fn chains_wanted(list: &CertificateList) -> Vec<u64> {
    list.certificates()
        .filter(|c| c.status.is_issued())
        .map(|c| c.certificate_no)
        .collect()
}

/// The inventory: one row per certificate of `list`, in the order listed. `chains` holds
/// the certificate PEM (or the whole chain) the host fetched for a certificate number
/// (GetCertificateChain's `certificate`); without it, `notBefore`/`notAfter` of the listing
/// are read when NCP sends them. `orders` (ListOrders) gives each row its subscription.
pub fn inventory(
    list: &CertificateList,
    orders: Option<&OrderList>,
    chains: &[(u64, String)],
    now_ms: i64,
) -> Vec<InventoryRow> {
    let entries: Vec<(&CertificateSummary, Option<&String>)> = list
        .orders
        .iter()
        .flat_map(|o| o.certificates.iter().map(move |c| (c, o.order_id.as_ref())))
        .collect();
    let name_sets: Vec<Vec<String>> = entries.iter().map(|(c, _)| names_of(c)).collect();
    entries
        .iter()
        .enumerate()
        .map(|(i, (c, order_id))| {
            let superseded_by = entries
                .iter()
                .enumerate()
                .filter(|(j, (other, other_order))| {
                    *j != i
                        && other.status.is_issued()
                        && other.certificate_no > c.certificate_no
                        && order_id.is_some()
                        && other_order == order_id
                        && name_sets[*j] == name_sets[i]
                })
                .map(|(_, (other, _))| other.certificate_no)
                .max();
            let validity = chains
                .iter()
                .find(|(no, _)| *no == c.certificate_no)
                .and_then(|(_, pem)| certificate_expiry(pem).ok())
                .map(|e| (e, ExpirySource::Certificate))
                .or_else(|| listed_validity(c).map(|e| (e, ExpirySource::Listing)));
            let order = order_id.and_then(|id| orders.and_then(|list| list.find(id)));
            let (expiry, source) = match validity {
                Some((e, s)) => (Some(e), Some(s)),
                None => (None, None),
            };
            InventoryRow {
                certificate_no: c.certificate_no,
                certificate_name: c.certificate_name.clone(),
                certificate_type: c.certificate_type.clone(),
                status_code: c.status.code(),
                status: c.status,
                status_name: c.status_name.clone(),
                issued: c.status.is_issued(),
                names: name_sets[i].clone(),
                order_id: order_id.cloned(),
                not_before: expiry.as_ref().map(|e| e.not_before.clone()),
                not_after: expiry.as_ref().map(|e| e.not_after.clone()),
                not_after_ms: expiry.as_ref().map(|e| e.not_after_ms),
                lifetime_days: expiry.as_ref().map(|e| e.lifetime_days),
                days_left: expiry.as_ref().map(|e| e.days_left(now_ms)),
                expiry_source: source,
                superseded: superseded_by.is_some(),
                superseded_by,
                subscription_end_dt: order.and_then(|o| o.subscription_end_dt.clone()),
                subscription_end: order
                    .and_then(|o| o.subscription_end_ms())
                    .map(|ms| rfc3339_seconds(ms.div_euclid(1000))),
                remaining_days: order.and_then(|o| o.remaining_days),
                extendable_years: order.and_then(|o| o.extendable_years),
            }
        })
        .collect()
}

/// The validity NCP's listing carries (`notBefore`, `notAfter`; Korean time), when both read.
fn listed_validity(c: &CertificateSummary) -> Option<Expiry> {
    let read = |name: &str| {
        c.extra
            .get(name)
            .and_then(|v| v.as_str())
            .and_then(ncp_local_ms)
    };
    let (before, after) = (read("notBefore")?, read("notAfter")?);
    Some(Expiry {
        not_before: rfc3339_seconds(before.div_euclid(1000)),
        not_after: rfc3339_seconds(after.div_euclid(1000)),
        not_before_ms: before,
        not_after_ms: after,
        lifetime_days: (after - before).div_euclid(MS_PER_DAY),
        serial_number: c
            .extra
            .get("serialNumber")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned(),
        names: Vec::new(),
    })
}

/// The common name and DNS names of a listed certificate: lower-cased, without a trailing
/// dot, without duplicates, sorted.
pub(crate) fn names_of(c: &CertificateSummary) -> Vec<String> {
    std::iter::once(c.common_name.as_str())
        .chain(c.dns_names.iter().map(String::as_str))
        .map(|n| n.trim().trim_end_matches('.').to_lowercase())
        .filter(|n| !n.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_certificate_list, parse_order_list};

    const LEAF: &str = include_str!("../tests/data/order/same-key.cert.pem");

    // `openssl x509 -noout -dates -serial -ext subjectAltName` on the test certificate:
    // notBefore=Dec 6 22:03:28 2026 GMT, notAfter=Mar 6 22:03:28 2027 GMT
    // (`date -u -d … +%s`: 1796594608 and 1804370608), serial
    // 24416E04998A4FD60DE5BAE3858CFD2FEDEBC151, DNS:www.example.com, DNS:example.com.
    const NOT_BEFORE_S: i64 = 1_796_594_608;
    const NOT_AFTER_S: i64 = 1_804_370_608;

    #[test]
    fn expiry_is_read_from_the_certificate() {
        let e = certificate_expiry(LEAF).unwrap();
        assert_eq!(e.not_before, "2026-12-06T22:03:28Z");
        assert_eq!(e.not_after, "2027-03-06T22:03:28Z");
        assert_eq!(e.not_before_ms, NOT_BEFORE_S * 1000);
        assert_eq!(e.not_after_ms, NOT_AFTER_S * 1000);
        assert_eq!(e.lifetime_days, 90);
        assert_eq!(e.serial_number, "24416E04998A4FD60DE5BAE3858CFD2FEDEBC151");
        assert_eq!(e.names, ["www.example.com", "example.com"]);
        // One millisecond before notAfter: 0 days left; one after: -1.
        assert_eq!(e.days_left(NOT_AFTER_S * 1000 - 1), 0);
        assert_eq!(e.days_left(NOT_AFTER_S * 1000 + 1), -1);
        assert_eq!(e.days_left(NOT_AFTER_S * 1000 - 30 * MS_PER_DAY), 30);
        assert_eq!(e.days_left(NOT_AFTER_S * 1000 - 30 * MS_PER_DAY + 1), 29);
        // CRLF, text around it and a second block (a fullchain) read the same.
        let crlf = format!("note\r\n{}\r\n{LEAF}", LEAF.replace('\n', "\r\n"));
        assert_eq!(certificate_expiry(&crlf).unwrap(), e);
    }

    #[test]
    fn unreadable_certificates_are_errors_not_panics() {
        let truncated = &LEAF[..LEAF.len() / 2];
        let broken = LEAF.replacen("MII", "MIJ", 1);
        let huge = "A".repeat(MAX_PEM_BYTES + 1);
        for bad in [
            "",
            "x",
            truncated,
            broken.as_str(),
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            huge.as_str(),
        ] {
            let e = certificate_expiry(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::CertificateInvalid);
            assert!(e.message().contains("cert.pem"), "{}", e.message());
        }
        assert!(certificate_expiry_der(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_err());
    }

    fn listing() -> CertificateList {
        let body = br#"{"returnCode":"0","orders":[
          {"orderId":"O-1","certificates":[
            {"certificateNo":7,"certificateName":"web","commonName":"www.example.com",
             "dnsName":"www.example.com,example.com","statusCode":"1","certificateType":"NCP_PAID_DV_01"},
            {"certificateNo":9,"certificateName":"web-r2","commonName":"WWW.example.com.",
             "dnsName":"example.com","statusCode":"1","certificateType":"NCP_PAID_DV_01",
             "notBefore":"2027-02-01 09:00:00","notAfter":"2027-05-02 09:00:00"},
            {"certificateNo":11,"certificateName":"web-r3","commonName":"www.example.com",
             "dnsName":"example.com","statusCode":"0","certificateType":"NCP_PAID_DV_01"},
            {"certificateNo":12,"certificateName":"api","commonName":"api.example.com",
             "statusCode":"1","certificateType":"NCP_PAID_DV_01"}]},
          {"orderId":"O-2","certificates":[
            {"certificateNo":20,"certificateName":"web-other","commonName":"www.example.com",
             "dnsName":"example.com","statusCode":"1","certificateType":"NCP_PAID_DV_01"}]}]}"#;
        parse_certificate_list(200, body).unwrap()
    }

    #[test]
    fn rows_join_certificates_chains_and_orders() {
        let orders = parse_order_list(
            200,
            br#"{"returnCode":"0","orders":[{"orderId":"O-1","subscriptionStartDt":"2026-12-01 10:00:00",
              "subscriptionEndDt":"2027-12-01 10:00:00","subscriptionYears":1,"remainingDays":270,
              "extendableYears":2}]}"#,
        )
        .unwrap();
        let list = listing();
        assert_eq!(chains_wanted(&list), [7, 9, 12, 20]);
        let now = NOT_AFTER_S * 1000 - 10 * MS_PER_DAY;
        let rows = inventory(&list, Some(&orders), &[(7, LEAF.to_owned())], now);
        assert_eq!(rows.len(), 5);
        let r7 = &rows[0];
        assert_eq!(r7.not_after.as_deref(), Some("2027-03-06T22:03:28Z"));
        assert_eq!(r7.days_left, Some(10));
        assert_eq!(r7.expiry_source, Some(ExpirySource::Certificate));
        assert_eq!(r7.names, ["example.com", "www.example.com"]);
        // 9 is newer, issued, same order and names (case and trailing dot aside).
        assert_eq!((r7.superseded, r7.superseded_by), (true, Some(9)));
        assert!(!r7.expires_within(30), "superseded never counts");
        assert_eq!(r7.subscription_end.as_deref(), Some("2027-12-01T01:00:00Z"));
        assert_eq!(
            r7.subscription_end_dt.as_deref(),
            Some("2027-12-01 10:00:00")
        );
        assert_eq!(
            (r7.remaining_days, r7.extendable_years),
            (Some(270), Some(2))
        );
        let r9 = &rows[1];
        // The listing's Korean time: 2027-05-02 09:00:00 KST = 2027-05-02T00:00:00Z.
        assert_eq!(r9.not_after.as_deref(), Some("2027-05-02T00:00:00Z"));
        assert_eq!(r9.expiry_source, Some(ExpirySource::Listing));
        // 11 is newer but not issued: 9 stays current.
        assert!(!r9.superseded);
        assert!(!rows[2].issued && rows[2].days_left.is_none());
        assert!(!rows[2].expires_within(10_000));
        // 12: no chain, no dates listed.
        assert_eq!(rows[3].days_left, None);
        // 20: another order with the same names does not supersede, nor is superseded.
        assert!(!rows[4].superseded && rows[4].remaining_days.is_none());
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["status"], "NORMAL");
        assert_eq!(json["statusCode"], 1);
        assert_eq!(json["expirySource"], "certificate");
        assert_eq!(json["supersededBy"], 9);
    }

    #[test]
    fn a_current_certificate_expiring_soon_counts() {
        let list = listing();
        let now = NOT_AFTER_S * 1000 - 10 * MS_PER_DAY;
        let rows = inventory(&list, None, &[(12, LEAF.to_owned())], now);
        let api = rows.iter().find(|r| r.certificate_no == 12).unwrap();
        assert!(api.expires_within(11));
        assert!(!api.expires_within(10));
    }
}
