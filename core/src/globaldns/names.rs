//! Record names: a TXT record to publish ([`TxtRecord`]), the zone walk, the host relative to
//! a zone, and certbot's hook variables.

use serde::{Deserialize, Serialize};

use crate::ArgumentError;

/// The longest domain name, in characters, without the trailing dot (RFC 1035).
const MAX_NAME: usize = 253;
/// The longest TXT value ncpcert publishes (NCP's and ACME's values are tens of characters).
const MAX_VALUE: usize = 1024;

/// A TXT record to publish: its full name (lower-case, no trailing dot) and its value.
///
/// Serialises as `{"fqdn", "value"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TxtRecord {
    /// The full name, e.g. `_acme-challenge.example.com`.
    pub fqdn: String,
    /// The value, unquoted.
    pub value: String,
}

impl TxtRecord {
    /// The record `value` at `fqdn` (which may end with a dot), both checked.
    pub fn new(fqdn: &str, value: &str) -> Result<Self, ArgumentError> {
        let fqdn = record_name(fqdn)?;
        let value = value.trim();
        if value.is_empty() {
            return Err(ArgumentError::new(format!(
                "the TXT value for {fqdn} is empty; give the value to publish"
            )));
        }
        if value.chars().count() > MAX_VALUE {
            return Err(ArgumentError::new(format!(
                "the TXT value for {fqdn} is longer than {MAX_VALUE} characters"
            )));
        }
        if let Some(c) = value
            .chars()
            .find(|c| !c.is_ascii() || c.is_ascii_control() || *c == '"' || *c == '\\')
        {
            return Err(ArgumentError::new(format!(
                "the TXT value for {fqdn} holds the character U+{:04X}; ncpcert publishes \
                 printable ASCII without quotes or backslashes (what ACME and NCP's validation \
                 values are)",
                c as u32
            )));
        }
        Ok(TxtRecord {
            fqdn,
            value: value.to_owned(),
        })
    }

    /// The name with a trailing dot (what lego's `exec` provider passes).
    pub fn fqdn_with_dot(&self) -> String {
        format!("{}.", self.fqdn)
    }
}

/// A record name: trimmed, without a trailing dot, lower-case, checked as a host name whose
/// labels may also hold `_` (as `_acme-challenge` does).
pub fn record_name(name: &str) -> Result<String, ArgumentError> {
    let trimmed = name.trim();
    let bare = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let refuse = |why: &str| {
        Err(ArgumentError::new(format!(
            "the record name {:?} {why}; give a full domain name such as \
             _acme-challenge.example.com",
            crate::report::excerpt(name)
        )))
    };
    if bare.is_empty() {
        return refuse("is empty");
    }
    if bare.len() > MAX_NAME {
        return refuse("is longer than 253 characters");
    }
    if !bare.is_ascii() {
        return refuse("is not ASCII (write an internationalised name as its A-labels, xn--…)");
    }
    for label in bare.split('.') {
        if label.is_empty() {
            return refuse("has an empty label");
        }
        if label.len() > 63 {
            return refuse("has a label longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return refuse("holds a character other than letters, digits, '-', '_' and '.'");
        }
    }
    Ok(bare.to_ascii_lowercase())
}

/// The names to try as the zone of `name`, most specific first: `name` itself, then each
/// parent, down to two labels (a one-label name is tried as it is).
pub fn zone_candidates(name: &str) -> Vec<String> {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = name.split('.').collect();
    let last = labels.len().saturating_sub(2);
    (0..=last.min(labels.len().saturating_sub(1)))
        .map(|i| labels[i..].join("."))
        .filter(|n| !n.is_empty())
        .collect()
}

/// `fqdn` relative to `zone`: `@` for the apex, `_acme-challenge.www` below it; `None` when
/// `fqdn` is not in `zone`.
pub fn relative_host(fqdn: &str, zone: &str) -> Option<String> {
    let fqdn = fqdn.trim().trim_end_matches('.').to_ascii_lowercase();
    let zone = zone.trim().trim_end_matches('.').to_ascii_lowercase();
    if fqdn == zone {
        return Some(String::from("@"));
    }
    fqdn.strip_suffix(&format!(".{zone}"))
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
}

/// The record certbot's manual hooks ask for, from `CERTBOT_DOMAIN` and
/// `CERTBOT_VALIDATION`: `_acme-challenge.<domain>` (certbot gives `x` for `*.x`; a `*.` left
/// in is dropped the same way).
pub fn certbot_record(domain: &str, validation: &str) -> Result<TxtRecord, ArgumentError> {
    let domain = domain.trim();
    let domain = domain.strip_prefix("*.").unwrap_or(domain);
    if domain.trim_end_matches('.').is_empty() {
        return Err(ArgumentError::new(
            "CERTBOT_DOMAIN is empty: run this as certbot's --manual-auth-hook or \
             --manual-cleanup-hook, which sets it",
        ));
    }
    if validation.trim().is_empty() {
        return Err(ArgumentError::new(
            "CERTBOT_VALIDATION is empty: run this as certbot's --manual-auth-hook or \
             --manual-cleanup-hook, which sets it",
        ));
    }
    TxtRecord::new(&format!("_acme-challenge.{domain}"), validation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_normalised() {
        let r = TxtRecord::new("_ACME-challenge.Example.com.", " -abc_DEF ").unwrap();
        assert_eq!(r.fqdn, "_acme-challenge.example.com");
        assert_eq!(r.value, "-abc_DEF");
        assert_eq!(r.fqdn_with_dot(), "_acme-challenge.example.com.");
        for bad in [
            "",
            ".",
            "a..b",
            "a b.com",
            "é.com",
            &"a".repeat(64),
            "a/b.com",
        ] {
            assert!(TxtRecord::new(bad, "v").is_err(), "{bad:?}");
        }
        for bad in ["", "a\"b", "a\\b", "a\nb", "é"] {
            assert!(TxtRecord::new("x.com", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn zone_walk_and_relative_hosts() {
        assert_eq!(
            zone_candidates("_acme-challenge.www.example.com."),
            [
                "_acme-challenge.www.example.com",
                "www.example.com",
                "example.com"
            ]
        );
        assert_eq!(zone_candidates("example.com"), ["example.com"]);
        assert_eq!(zone_candidates("localhost"), ["localhost"]);
        assert_eq!(
            relative_host("example.com.", "Example.com"),
            Some("@".into())
        );
        assert_eq!(
            relative_host("_acme-challenge.www.example.com", "example.com"),
            Some("_acme-challenge.www".into())
        );
        assert_eq!(relative_host("notexample.com", "example.com"), None);
    }

    #[test]
    fn certbot_variables() {
        let r = certbot_record("example.com", "tok").unwrap();
        assert_eq!(
            (r.fqdn.as_str(), r.value.as_str()),
            ("_acme-challenge.example.com", "tok")
        );
        let r = certbot_record("*.example.com", "tok").unwrap();
        assert_eq!(r.fqdn, "_acme-challenge.example.com");
        assert!(certbot_record("", "tok").is_err());
        assert!(certbot_record("example.com", "").is_err());
    }
}
