//! The two enumerated fields of the body: certificate type (B1) and validation method (B3).

use std::fmt;

/// `certificateType`: which Advanced certificate to request (SPEC B1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateType {
    /// Advanced DV (`NCP_PAID_DV_01`): domain validation only.
    Dv,
    /// Advanced OV (`NCP_PAID_OV_01`): organisation validated; needs `organizationNo`.
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
    /// ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("DV") || t.eq_ignore_ascii_case("NCP_PAID_DV_01") {
            Some(CertificateType::Dv)
        } else if t.eq_ignore_ascii_case("OV") || t.eq_ignore_ascii_case("NCP_PAID_OV_01") {
            Some(CertificateType::Ov)
        } else {
            None
        }
    }
}

impl fmt::Display for CertificateType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<CertificateType> for String {
    fn from(t: CertificateType) -> String {
        t.as_str().to_string()
    }
}

/// `validationMethod`: how the CA checks control of the domains (SPEC B3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValidationMethod {
    /// `D`: a DNS record with a one-time random value.
    Dns,
    /// `PD`: a persistent DNS TXT record.
    PersistentDns,
    /// `E`: email to the domain's administrator. NCP discontinued it in February 2026; it is
    /// accepted with a warning.
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

    /// Reads `D`, `PD` or `E`, case-insensitively, surrounding spaces ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("D") {
            Some(ValidationMethod::Dns)
        } else if t.eq_ignore_ascii_case("PD") {
            Some(ValidationMethod::PersistentDns)
        } else if t.eq_ignore_ascii_case("E") {
            Some(ValidationMethod::Email)
        } else {
            None
        }
    }
}

impl fmt::Display for ValidationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ValidationMethod> for String {
    fn from(m: ValidationMethod) -> String {
        m.as_str().to_string()
    }
}
