//! The certificate status codes

use serde::{Deserializer, Serialize, Serializer};
use serde_with::{DeserializeAs, SerializeAs};
use std::fmt;

use super::fields::Integer;

/// The state of a certificate request, from `paidCertificate.statusCode`.
///
/// NCP documents the status code as an integer but sends it as a string; both are read.
/// A code outside the table is kept as [`CertificateStatus::Unknown`], and the server's own
/// `statusName` stays available in [`PaidCertificate::status_name`](super::PaidCertificate).
///
/// Serialises as its [`name`](CertificateStatus::name) (`"ONGOING"`, …, `"UNKNOWN"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
#[non_exhaustive]
pub enum CertificateStatus {
    /// `0` `ONGOING`: the request was accepted and domain validation is in progress.
    Ongoing,
    /// `1` `NORMAL`: issued.
    Normal,
    /// `2` `NORMAL_UNREGISTERED_PRIVATE_KEY`: issued; the private key is not registered with NCP.
    NormalUnregisteredPrivateKey,
    /// `3` `NORMAL_GLOBAL_EDGE_DEDICATED`: issued, dedicated to Global Edge.
    NormalGlobalEdgeDedicated,
    /// `-1` `FAILED`: issuance failed.
    Failed,
    /// `-2` `EXPIRE`: the certificate has expired.
    Expire,
    /// `-3` `VALIDATION_FAILED`: domain or organisation validation failed.
    ValidationFailed,
    /// `-4` `VALIDATION_EXPIRE`: validation was not completed in time.
    ValidationExpire,
    /// `-5` `REVOKE`: revoked.
    Revoke,
    /// `-6` `DELETED`: deleted.
    Deleted,
    /// `-7` `REQUEST_REVOKE`: revocation requested.
    RequestRevoke,
    /// `-11` `FAILED_LINT` (NCP's "FAILED (LINT)"): the CA's pre-issuance lint refused it.
    FailedLint,
    /// A code this version of ncpcert does not know, kept as sent.
    Unknown(i64),
}

/// Every known status with its code and name, in the order NCP documents them.
const TABLE: [(CertificateStatus, i64, &str); 12] = [
    (CertificateStatus::Ongoing, 0, "ONGOING"),
    (CertificateStatus::Normal, 1, "NORMAL"),
    (
        CertificateStatus::NormalUnregisteredPrivateKey,
        2,
        "NORMAL_UNREGISTERED_PRIVATE_KEY",
    ),
    (
        CertificateStatus::NormalGlobalEdgeDedicated,
        3,
        "NORMAL_GLOBAL_EDGE_DEDICATED",
    ),
    (CertificateStatus::Failed, -1, "FAILED"),
    (CertificateStatus::Expire, -2, "EXPIRE"),
    (CertificateStatus::ValidationFailed, -3, "VALIDATION_FAILED"),
    (CertificateStatus::ValidationExpire, -4, "VALIDATION_EXPIRE"),
    (CertificateStatus::Revoke, -5, "REVOKE"),
    (CertificateStatus::Deleted, -6, "DELETED"),
    (CertificateStatus::RequestRevoke, -7, "REQUEST_REVOKE"),
    (CertificateStatus::FailedLint, -11, "FAILED_LINT"),
];

impl CertificateStatus {
    /// Every known status (not [`CertificateStatus::Unknown`]), in the order NCP documents them.
    pub const KNOWN: [CertificateStatus; 12] = [
        CertificateStatus::Ongoing,
        CertificateStatus::Normal,
        CertificateStatus::NormalUnregisteredPrivateKey,
        CertificateStatus::NormalGlobalEdgeDedicated,
        CertificateStatus::Failed,
        CertificateStatus::Expire,
        CertificateStatus::ValidationFailed,
        CertificateStatus::ValidationExpire,
        CertificateStatus::Revoke,
        CertificateStatus::Deleted,
        CertificateStatus::RequestRevoke,
        CertificateStatus::FailedLint,
    ];

    /// The status for a numeric code; a code outside the table gives
    /// [`CertificateStatus::Unknown`].
    pub fn from_code(code: i64) -> Self {
        TABLE
            .iter()
            .find(|(_, c, _)| *c == code)
            .map_or(CertificateStatus::Unknown(code), |(s, _, _)| *s)
    }

    /// The numeric code (`0`, `1`, `2`, `3`, `-1` … `-7`, `-11`, or the unknown code as sent).
    pub fn code(self) -> i64 {
        match self {
            CertificateStatus::Unknown(code) => code,
            known => TABLE
                .iter()
                .find(|(s, _, _)| *s == known)
                .map_or(i64::MIN, |(_, c, _)| *c),
        }
    }

    /// The stable upper-case name: `"ONGOING"`, `"NORMAL"`, … `"FAILED_LINT"` for `-11`, and
    /// `"UNKNOWN"` for a code outside the table.
    pub fn name(self) -> &'static str {
        TABLE
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("UNKNOWN", |(_, _, n)| n)
    }

    /// `true` for the issued states (`NORMAL`, `NORMAL_UNREGISTERED_PRIVATE_KEY`,
    /// `NORMAL_GLOBAL_EDGE_DEDICATED`).
    pub fn is_issued(self) -> bool {
        matches!(
            self,
            CertificateStatus::Normal
                | CertificateStatus::NormalUnregisteredPrivateKey
                | CertificateStatus::NormalGlobalEdgeDedicated
        )
    }

    /// `true` while the request is still being processed (`ONGOING`): complete the domain
    /// validation and query the certificate again later.
    pub fn is_pending(self) -> bool {
        self == CertificateStatus::Ongoing
    }
}

impl CertificateStatus {
    /// `true` when issuance ended without a certificate: `FAILED`, `VALIDATION_FAILED`,
    /// `VALIDATION_EXPIRE`, `FAILED_LINT`, and unknown codes of -11 and below (NCP lists
    /// further "FAILED (…)" variants there, research note §3a). A poller stops on these.
    pub fn is_failed(self) -> bool {
        match self {
            CertificateStatus::Failed
            | CertificateStatus::ValidationFailed
            | CertificateStatus::ValidationExpire
            | CertificateStatus::FailedLint => true,
            CertificateStatus::Unknown(code) => code <= -11,
            _ => false,
        }
    }

    /// For a failed status ([`is_failed`](Self::is_failed)), what it means and what to do.
    pub fn failure_advice(self) -> Option<&'static str> {
        Some(match self {
            CertificateStatus::ValidationFailed => {
                "NCP could not validate the domains (or the organisation, for OV): check that each \
                 DNS TXT record was published with exactly the name and value NCP gave (the \
                 certificate's DCV records, ListDcvStatuses, show them and their state). This \
                 order will not be issued; request a new certificate under another name."
            }
            CertificateStatus::ValidationExpire => {
                "the validation window ended before NCP saw the DNS TXT records. This order will \
                 not be issued; publish the records sooner and request a new certificate under \
                 another name."
            }
            CertificateStatus::FailedLint => {
                "the CA's pre-issuance checks refused the certificate (a name or CSR field a \
                 public CA does not accept): inspect the CSR (ncpcert's inspect_csr) and request \
                 a new certificate under another name."
            }
            status if status.is_failed() => {
                "NCP did not issue the certificate: see its statusName, the NCP console, or NCP \
                 support; request a new certificate under another name."
            }
            _ => return None,
        })
    }

    /// What to tell a user waiting for a certificate that is neither issued nor pending:
    /// [`failure_advice`](Self::failure_advice) for a failed one, else (expired, revoked,
    /// deleted, a code ncpcert does not know) that this order will not give a certificate.
    pub fn not_issued_advice(self) -> &'static str {
        self.failure_advice().unwrap_or(
            "this certificate is not being issued (it has expired, been revoked or deleted, or \
             is in a state ncpcert does not know): see the NCP console, and request a new \
             certificate under another name if you need one.",
        )
    }
}

impl fmt::Display for CertificateStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateStatus::Unknown(code) => write!(f, "UNKNOWN ({code})"),
            known => f.write_str(known.name()),
        }
    }
}

impl From<CertificateStatus> for &'static str {
    fn from(status: CertificateStatus) -> Self {
        status.name()
    }
}

/// What ncpcert reads in a `statusCode`, written after the answer's `statusName`: `status`
/// (ncpcert's name for the code) and, with [`StatusFacts::with_flags`], `issued`, `pending`
/// and `failed` (what a poller needs, so that no host reimplements it). Set from the status
/// once the answer is read; whatever the answer holds under these names is dropped (see
/// [`derived`](super::fields::derived)), so that each name appears once in the JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct StatusFacts {
    /// What ncpcert reads in the status code (`"UNKNOWN"` for a code it does not know).
    #[serde(default, deserialize_with = "super::fields::derived")]
    #[cfg_attr(feature = "schema", schemars(with = "CertificateStatus"))]
    status: Option<CertificateStatus>,
    #[serde(
        default,
        deserialize_with = "super::fields::derived",
        skip_serializing_if = "Option::is_none"
    )]
    issued: Option<bool>,
    #[serde(
        default,
        deserialize_with = "super::fields::derived",
        skip_serializing_if = "Option::is_none"
    )]
    pending: Option<bool>,
    #[serde(
        default,
        deserialize_with = "super::fields::derived",
        skip_serializing_if = "Option::is_none"
    )]
    failed: Option<bool>,
}

impl StatusFacts {
    /// The names the facts are written under.
    pub(crate) const NAMES: [&'static str; 4] = ["status", "issued", "pending", "failed"];

    /// `status` alone.
    pub(crate) fn of(status: CertificateStatus) -> Self {
        StatusFacts {
            status: Some(status),
            ..StatusFacts::default()
        }
    }

    /// `status`, `issued`, `pending` and `failed`.
    pub(crate) fn with_flags(status: CertificateStatus) -> Self {
        StatusFacts {
            status: Some(status),
            issued: Some(status.is_issued()),
            pending: Some(status.is_pending()),
            failed: Some(status.is_failed()),
        }
    }
}

/// `statusCode`: read as an integer or a string of one, written as the integer.
pub(crate) struct StatusCode;

impl<'de> DeserializeAs<'de, CertificateStatus> for StatusCode {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<CertificateStatus, D::Error> {
        <Integer as DeserializeAs<i64>>::deserialize_as(d).map(CertificateStatus::from_code)
    }
}

impl SerializeAs<CertificateStatus> for StatusCode {
    fn serialize_as<S: Serializer>(status: &CertificateStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        for status in CertificateStatus::KNOWN {
            assert_eq!(CertificateStatus::from_code(status.code()), status);
            assert_ne!(status.name(), "UNKNOWN");
        }
        assert_eq!(CertificateStatus::from_code(-11).name(), "FAILED_LINT");
        let unknown = CertificateStatus::from_code(42);
        assert_eq!(unknown, CertificateStatus::Unknown(42));
        assert_eq!(unknown.code(), 42);
        assert_eq!(unknown.name(), "UNKNOWN");
        assert_eq!(unknown.to_string(), "UNKNOWN (42)");
    }

    #[test]
    fn failed_states_stop_a_poller_and_say_what_to_do() {
        let failed: Vec<i64> = CertificateStatus::KNOWN
            .iter()
            .filter(|s| s.is_failed())
            .map(|s| s.code())
            .collect();
        assert_eq!(failed, [-1, -3, -4, -11]);
        for code in [-12, -20] {
            assert!(CertificateStatus::from_code(code).is_failed());
        }
        assert!(!CertificateStatus::from_code(-9).is_failed());
        for status in CertificateStatus::KNOWN {
            assert_eq!(status.failure_advice().is_some(), status.is_failed());
            assert!(!(status.is_failed() && (status.is_issued() || status.is_pending())));
        }
    }
}

/// The schema of a status: one of its names (what it serialises to), from the one table.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for CertificateStatus {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CertificateStatus".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = TABLE
            .iter()
            .map(|(_, _, name)| *name)
            .chain([CertificateStatus::Unknown(0).name()])
            .collect();
        schemars::json_schema!({
            "description": "A certificate's status, by name (`statusName` is NCP's own text).",
            "type": "string",
            "enum": names,
        })
    }
}
