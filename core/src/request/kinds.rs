//! The two enumerated fields of the body: certificate type (B1) and validation method (B3).
//!
//! Each serialises as the value NCP expects and reads, through [`FromStr`], that value or an
//! alias, case-insensitively; the error of a failed read is the message validation reports.

use crate::report::excerpt;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// `certificateType`: which Advanced certificate to request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum CertificateType {
    /// Advanced DV (`NCP_PAID_DV_01`): domain validation only.
    #[serde(rename = "NCP_PAID_DV_01")]
    Dv,
    /// Advanced OV (`NCP_PAID_OV_01`): organisation validated; needs `organizationNo`.
    #[serde(rename = "NCP_PAID_OV_01")]
    Ov,
}

impl CertificateType {
    /// The value NCP expects, e.g. `"NCP_PAID_DV_01"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CertificateType::Dv => "NCP_PAID_DV_01",
            CertificateType::Ov => "NCP_PAID_OV_01",
        }
    }

    /// Reads the full value or the alias `DV`/`OV`, case-insensitively, surrounding spaces
    /// ignored; `None` for anything else (see [`FromStr`] for the reason as a message).
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl FromStr for CertificateType {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<Self, ParseValueError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("DV") || t.eq_ignore_ascii_case("NCP_PAID_DV_01") {
            Ok(CertificateType::Dv)
        } else if t.eq_ignore_ascii_case("OV") || t.eq_ignore_ascii_case("NCP_PAID_OV_01") {
            Ok(CertificateType::Ov)
        } else {
            Err(ParseValueError::new(Field::CertificateType, text))
        }
    }
}

impl fmt::Display for CertificateType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for CertificateType {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<CertificateType> for String {
    fn from(t: CertificateType) -> String {
        t.as_str().to_string()
    }
}

/// `validationMethod`: how the CA checks control of the domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum ValidationMethod {
    /// `D`: a DNS record with a one-time random value.
    #[serde(rename = "D")]
    Dns,
    /// `PD`: a persistent DNS TXT record.
    #[serde(rename = "PD")]
    PersistentDns,
    /// `E`: email to the domain's administrator. NCP discontinued it in February 2026; it is
    /// accepted with a warning.
    #[serde(rename = "E")]
    Email,
}

impl ValidationMethod {
    /// The value NCP expects: `"D"`, `"PD"` or `"E"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ValidationMethod::Dns => "D",
            ValidationMethod::PersistentDns => "PD",
            ValidationMethod::Email => "E",
        }
    }

    /// Reads `D`, `PD` or `E`, case-insensitively, surrounding spaces ignored; `None` for
    /// anything else (see [`FromStr`] for the reason as a message).
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl FromStr for ValidationMethod {
    type Err = ParseValueError;

    fn from_str(text: &str) -> Result<Self, ParseValueError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("D") {
            Ok(ValidationMethod::Dns)
        } else if t.eq_ignore_ascii_case("PD") {
            Ok(ValidationMethod::PersistentDns)
        } else if t.eq_ignore_ascii_case("E") {
            Ok(ValidationMethod::Email)
        } else {
            Err(ParseValueError::new(Field::ValidationMethod, text))
        }
    }
}

impl fmt::Display for ValidationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for ValidationMethod {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<ValidationMethod> for String {
    fn from(m: ValidationMethod) -> String {
        m.as_str().to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    CertificateType,
    ValidationMethod,
}

/// Text that names no [`CertificateType`] or [`ValidationMethod`]. Its message quotes the
/// text (shortened) and lists the values to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseValueError {
    field: Field,
    text: String,
}

impl ParseValueError {
    fn new(field: Field, text: &str) -> Self {
        ParseValueError {
            field,
            text: excerpt(text),
        }
    }
}

impl ParseValueError {
    /// The value refused, quoted (shortened) as messages quote it.
    pub(crate) fn value_excerpt(&self) -> String {
        format!("{:?}", self.text)
    }
}

impl fmt::Display for ParseValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Field::CertificateType => write!(
                f,
                "`certificateType` {:?} is not a certificate type; use \"NCP_PAID_DV_01\" \
                 (Advanced DV) or \"NCP_PAID_OV_01\" (Advanced OV), or the alias \"DV\"/\"OV\"",
                self.text
            ),
            Field::ValidationMethod => write!(
                f,
                "`validationMethod` {:?} is not a validation method; use \"D\" (DNS record with \
                 a one-time value) or \"PD\" (persistent DNS TXT record)",
                self.text
            ),
        }
    }
}

impl std::error::Error for ParseValueError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_aliases_read_case_insensitively() {
        assert_eq!(" dv ".parse(), Ok(CertificateType::Dv));
        assert_eq!("ncp_paid_ov_01".parse(), Ok(CertificateType::Ov));
        assert_eq!("pd".parse(), Ok(ValidationMethod::PersistentDns));
        let err = "XV".parse::<CertificateType>().unwrap_err().to_string();
        assert!(err.starts_with("`certificateType` \"XV\" is not"), "{err}");
        let err = "DNS".parse::<ValidationMethod>().unwrap_err().to_string();
        assert!(
            err.starts_with("`validationMethod` \"DNS\" is not"),
            "{err}"
        );
    }

    #[test]
    fn display_and_serde_give_the_value_ncp_expects() {
        for t in [CertificateType::Dv, CertificateType::Ov] {
            assert_eq!(t.to_string().parse(), Ok(t));
        }
        assert_eq!(
            serde_json::to_string(&[CertificateType::Dv, CertificateType::Ov]).unwrap(),
            r#"["NCP_PAID_DV_01","NCP_PAID_OV_01"]"#
        );
        assert_eq!(
            serde_json::to_string(&[
                ValidationMethod::Dns,
                ValidationMethod::PersistentDns,
                ValidationMethod::Email
            ])
            .unwrap(),
            r#"["D","PD","E"]"#
        );
    }
}
