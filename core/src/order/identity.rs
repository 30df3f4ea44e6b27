//! The identity rule: when a certificate found by name is this request's order.
//!
//! A certificate name is unique in an account, so a name that is taken belongs either to this
//! request's own order (an attempt whose answer was lost placed it) or to an earlier
//! certificate. Three things tell them apart:
//! 1. the found certificate's names and type equal the request's,
//! 2. this workflow may have placed it (an attempt was written and its answer lost, or the
//!    host's journal records this request placing it),
//! 3. once issued, its public key is the CSR's.
//!
//! This module holds what the rule compares; the machine ([`super::OrderWorkflow`]) decides
//! when each part applies.

use super::public_key;
use crate::{CertificateChain, CertificateSummary, CertificateType};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// What identifies one paid request: its name, names, type, key and body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OrderIdentity {
    /// `certificateName`, as sent.
    pub certificate_name: String,
    /// The common name and every `dnsName`: lower-cased A-labels, without duplicates,
    /// sorted.
    pub names: Vec<String>,
    /// The certificate type as sent (`NCP_PAID_DV_01` or `NCP_PAID_OV_01`).
    pub certificate_type: String,
    /// SHA-256 of the body sent, in lower-case hex: what the journal matches on (with the
    /// name).
    pub body_sha256: String,
    /// The CSR's public key, in the form [`super::public_key`] compares.
    pub(crate) public_key: Vec<u8>,
    /// How a name of NCP's listing becomes an A-label: UTS 46 with the `idna` crate when the
    /// request was validated here; ASCII names only when it was prepared elsewhere (the npm
    /// package's order module carries no Unicode data, to stay small), where a Unicode name is
    /// left unreadable and proves nothing.
    names_from: NameReading,
}

/// How a name of NCP's listing becomes an A-label (see [`OrderIdentity`]'s field). A function
/// and not a flag: a build that never takes the Unicode reader's address (the npm package's
/// order module) leaves the `idna` crate and its data out altogether.
type NameReading = fn(&str) -> Option<String>;

/// An ASCII name lower-cased; `None` for a Unicode one.
fn ascii_name(name: &str) -> Option<String> {
    name.is_ascii().then(|| name.to_ascii_lowercase())
}

/// How a found certificate compares with the request (rule 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Comparison {
    /// Same names, same type.
    Same,
    /// Other names or another type: an earlier certificate.
    Different {
        names: Vec<String>,
        certificate_type: String,
    },
    /// NCP's listing left out what the rule compares (the names or the type), or gave a name
    /// that cannot be read, so the certificate cannot be told apart from an earlier one.
    Unknown { missing: &'static str },
}

impl OrderIdentity {
    pub(crate) fn new(
        certificate_name: &str,
        common_name: &str,
        dns_names: &[String],
        certificate_type: CertificateType,
        body: &str,
        public_key: Vec<u8>,
    ) -> Self {
        Self::with(
            certificate_name,
            common_name,
            dns_names,
            certificate_type,
            body,
            public_key,
            crate::domain::to_ascii,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn with(
        certificate_name: &str,
        common_name: &str,
        dns_names: &[String],
        certificate_type: CertificateType,
        body: &str,
        public_key: Vec<u8>,
        names_from: NameReading,
    ) -> Self {
        let names = std::iter::once(common_name).chain(dns_names.iter().map(String::as_str));
        OrderIdentity {
            certificate_name: certificate_name.to_owned(),
            names: name_set(names, names_from).unwrap_or_default(),
            certificate_type: certificate_type.as_str().to_owned(),
            body_sha256: sha256_hex(body.as_bytes()),
            public_key,
            names_from,
        }
    }

    /// The identity of an issuance request prepared elsewhere, read from its body
    /// (`prepare` wrote it, so its names are A-labels already); `Err` says what the body lacks.
    pub(crate) fn from_body(body: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(body).map_err(|e| format!("its body is not JSON ({e})"))?;
        let text = |name: &str| {
            value[name]
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("its body has no {name}"))
        };
        let certificate_type = CertificateType::parse(text("certificateType")?)
            .ok_or("its body's certificateType is not NCP_PAID_DV_01 or NCP_PAID_OV_01")?;
        let dns_names: Vec<String> = match &value["dnsName"] {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|n| n.as_str().map(String::from))
                .collect::<Option<_>>()
                .ok_or("its body's dnsName is not a list of names")?,
            _ => return Err(String::from("its body's dnsName is not a list of names")),
        };
        let public_key = public_key::of_pem(text("csr")?, "CERTIFICATE REQUEST")
            .ok_or("its body's csr is not a PEM CERTIFICATE REQUEST")?;
        let identity = Self::with(
            text("certificateName")?,
            text("commonName")?,
            &dns_names,
            certificate_type,
            body,
            public_key,
            ascii_name,
        );
        if identity.names.is_empty() {
            return Err(String::from("its body's names are not ASCII domain names"));
        }
        Ok(identity)
    }

    /// Rule 1: the found certificate's names (common name and `dnsName`, normalised the same
    /// way) and type against the request's.
    pub(crate) fn compare(&self, found: &CertificateSummary) -> Comparison {
        if found.common_name.trim().is_empty() {
            return Comparison::Unknown {
                missing: "commonName",
            };
        }
        let Some(found_type) = found.certificate_type.as_deref() else {
            return Comparison::Unknown {
                missing: "certificateType",
            };
        };
        let Some(names) = name_set(
            std::iter::once(found.common_name.as_str())
                .chain(found.dns_names.iter().map(String::as_str)),
            self.names_from,
        ) else {
            return Comparison::Unknown {
                missing: "names as A-labels",
            };
        };
        let same_type =
            CertificateType::parse(found_type).is_some_and(|t| t.as_str() == self.certificate_type);
        if names == self.names && same_type {
            Comparison::Same
        } else {
            Comparison::Different {
                names,
                certificate_type: found_type.to_owned(),
            }
        }
    }

    /// Rule 3: `Some(true)` when the chain's certificate holds the CSR's public key,
    /// `Some(false)` when it holds another, `None` when the certificate cannot be read.
    pub fn key_matches(&self, chain: &CertificateChain) -> Option<bool> {
        public_key::of_pem(&chain.certificate, "CERTIFICATE").map(|key| key == self.public_key)
    }
}

/// Lower-cased A-labels without a trailing dot, without duplicates, sorted; `None` when a
/// name cannot be made an A-label.
fn name_set<'a>(
    names: impl Iterator<Item = &'a str>,
    names_from: NameReading,
) -> Option<Vec<String>> {
    let mut set = BTreeSet::new();
    for name in names {
        let name = name.trim();
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.is_empty() {
            continue;
        }
        set.insert(names_from(name)?);
    }
    Some(set.into_iter().collect())
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CertificateStatus;
    use serde_json::Map;

    fn identity() -> OrderIdentity {
        OrderIdentity::new(
            "web",
            "www.example.com",
            &["www.example.com".into(), "example.com".into()],
            CertificateType::Dv,
            "{}",
            vec![1, 2, 3],
        )
    }

    fn found(common_name: &str, dns: &[&str], kind: Option<&str>) -> CertificateSummary {
        CertificateSummary {
            certificate_no: 7,
            certificate_name: "web".into(),
            common_name: common_name.into(),
            dns_names: dns.iter().map(|s| s.to_string()).collect(),
            status: CertificateStatus::Ongoing,
            status_name: "ONGOING".into(),
            certificate_type: kind.map(String::from),
            facts: Default::default(),
            extra: Map::new(),
        }
    }

    #[test]
    fn names_compare_as_sets_of_a_labels() {
        let id = identity();
        assert_eq!(id.names, ["example.com", "www.example.com"]);
        for (cn, dns) in [
            ("www.example.com", vec!["example.com"]),
            (
                "WWW.Example.com.",
                vec!["example.com", "www.example.com", " example.com "],
            ),
            ("example.com", vec!["www.example.com"]),
        ] {
            assert_eq!(
                id.compare(&found(cn, &dns, Some("NCP_PAID_DV_01"))),
                Comparison::Same,
                "{cn} {dns:?}"
            );
        }
        // The alias is the same type.
        assert_eq!(
            id.compare(&found("www.example.com", &["example.com"], Some("dv"))),
            Comparison::Same
        );
        let unicode = OrderIdentity::new(
            "n",
            "xn--3e0b707e.kr",
            &[],
            CertificateType::Dv,
            "{}",
            vec![],
        );
        assert_eq!(
            unicode.compare(&found("한국.kr", &[], Some("NCP_PAID_DV_01"))),
            Comparison::Same
        );
    }

    #[test]
    fn other_names_or_type_are_an_earlier_certificate() {
        let id = identity();
        for (cn, dns, kind) in [
            ("api.example.com", vec!["example.com"], "NCP_PAID_DV_01"),
            ("www.example.com", vec![], "NCP_PAID_DV_01"),
            (
                "www.example.com",
                vec!["example.com", "a.example.com"],
                "NCP_PAID_DV_01",
            ),
            ("www.example.com", vec!["example.com"], "NCP_PAID_OV_01"),
            ("www.example.com", vec!["example.com"], "SOMETHING_ELSE"),
        ] {
            assert!(
                matches!(
                    id.compare(&found(cn, &dns, Some(kind))),
                    Comparison::Different { .. }
                ),
                "{cn} {dns:?} {kind}"
            );
        }
    }

    #[test]
    fn a_listing_without_names_or_type_proves_nothing() {
        let id = identity();
        assert_eq!(
            id.compare(&found("", &["example.com"], Some("NCP_PAID_DV_01"))),
            Comparison::Unknown {
                missing: "commonName"
            }
        );
        assert_eq!(
            id.compare(&found("www.example.com", &["example.com"], None)),
            Comparison::Unknown {
                missing: "certificateType"
            }
        );
    }
}
