//! Findings and reports: what validation says about a request or a CSR.
//!
//! Every finding carries a stable [`Code`] (its string form is the machine-readable code
//! every language shows), a JSON-path `field`, a [`Severity`] and an English message that says what to do.
//! The code table, with each code's severity, lives here and nowhere else.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Serialises as `"error"` or `"warning"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Blocks `prepare`: NCP or the CA would refuse the request.
    Error,
    /// Worth knowing; blocks `prepare` only under a strict [`Policy`].
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Validation policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// When `true`, every warning counts as an error (and is reported with severity `error`).
    pub strict: bool,
}

impl Policy {
    /// The default policy: warnings are reported but do not block.
    pub const fn lenient() -> Self {
        Policy { strict: false }
    }

    /// A strict policy: warnings block too.
    pub const fn strict() -> Self {
        Policy { strict: true }
    }
}

/// Longest piece of user input quoted in a message, in characters.
const EXCERPT_CHARS: usize = 80;

/// `text` for a message, shortened to 80 characters with `…`: messages quote what the user
/// gave, but never a whole 10 MB string.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $sev:ident; )*) => {
        /// A stable, machine-readable finding code. The string form never changes once
        /// published; the same strings are used by the JavaScript, Python and CLI surfaces, and
        /// it is what a code serialises as.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code's string form, e.g. `"domain.underscore"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The severity a finding with this code has under the lenient policy.
            pub const fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// Looks a code up by its string form.
            pub fn from_code_str(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The request is not a JSON object, or is not JSON at all.
    RequestInvalid = "request.invalid", Error;
    /// The request holds a field NCP does not know; pass-through fields go in `extra`.
    RequestUnknownField = "request.unknown_field", Error;
    /// `extra` is not an object of fields, or repeats a field the request sets itself.
    ExtraInvalid = "extra.invalid", Error;
    /// B1: `certificateType` missing or not `NCP_PAID_DV_01` / `NCP_PAID_OV_01`.
    CertificateTypeInvalid = "certificateType.invalid", Error;
    /// B2: an OV request without `organizationNo`.
    OrganizationNoRequired = "organizationNo.required", Error;
    /// B2: `organizationNo` is not a positive integer.
    OrganizationNoInvalid = "organizationNo.invalid", Error;
    /// B2b: a DV request with `organizationNo`; it is dropped from the body.
    OrganizationNoIgnored = "organizationNo.ignored", Warning;
    /// B3: `validationMethod` missing or not `D`, `PD` or `E`.
    ValidationMethodInvalid = "validationMethod.invalid", Error;
    /// B3: `validationMethod` `E` (email), which NCP discontinued in February 2026.
    ValidationMethodEmailDiscontinued = "validationMethod.email_discontinued", Warning;
    /// B4: `certificateName` missing, empty, too long or holding control characters.
    CertificateNameInvalid = "certificateName.invalid", Error;
    /// B4b: `certificateName` outside NCP's documented name pattern.
    CertificateNameFormat = "certificateName.format", Warning;
    /// `commonName` missing.
    CommonNameRequired = "commonName.required", Error;
    /// `commonName` is not a string.
    CommonNameInvalid = "commonName.invalid", Error;
    /// `dnsName` is not an array of strings.
    DnsNameInvalid = "dnsName.invalid", Error;
    /// B5: a name repeated in `dnsName`; the repeat is removed.
    DnsNameDuplicate = "dnsName.duplicate", Warning;
    /// B6: more than 100 names in all.
    DnsNameTooMany = "dnsName.too_many", Warning;
    /// B7: `csr` missing.
    CsrRequired = "csr.required", Error;
    /// D1: a non-ASCII (Unicode) domain name; the message shows the A-label to use.
    DomainUnicode = "domain.unicode", Error;
    /// D2: fewer than two labels, an empty label or a trailing dot.
    DomainSyntax = "domain.syntax", Error;
    /// D2: the whole name is longer than 253 characters.
    DomainTooLong = "domain.too_long", Error;
    /// D2: a label is longer than 63 characters.
    DomainLabelTooLong = "domain.label_too_long", Error;
    /// D3: a character outside `[a-z0-9-]`.
    DomainBadCharacter = "domain.bad_character", Error;
    /// D3: a label starts or ends with `-`.
    DomainHyphen = "domain.hyphen", Error;
    /// D4: an underscore, banned in certificates since 2019.
    DomainUnderscore = "domain.underscore", Error;
    /// D5: `--` in positions 3–4 of a label that is not `xn--`.
    DomainReservedLabel = "domain.reserved_label", Error;
    /// D5: an `xn--` label that is not valid Punycode.
    DomainPunycode = "domain.punycode", Error;
    /// D6: an IP address where a domain name is needed.
    DomainIpAddress = "domain.ip_address", Error;
    /// D7: the top-level domain is not a real (ICANN) one.
    DomainInternalName = "domain.internal_name", Error;
    /// D7: a name under `.arpa` or `.onion`.
    DomainReservedZone = "domain.reserved_zone", Error;
    /// D7: the name is itself a public suffix (`co.kr`).
    DomainPublicSuffix = "domain.public_suffix", Error;
    /// D8: a misplaced or repeated `*`.
    DomainWildcard = "domain.wildcard", Error;
    /// D9: a wildcard directly under an ICANN public suffix (`*.co.kr`).
    DomainWildcardPublicSuffix = "domain.wildcard_public_suffix", Error;
    /// D10: a wildcard directly under a private-section suffix (`*.github.io`).
    DomainWildcardPrivateSuffix = "domain.wildcard_private_suffix", Warning;
    /// C2: the input holds a private key; it is refused and never copied.
    CsrPrivateKey = "csr.private_key", Error;
    /// C2: more than one CSR block, or none.
    CsrMultiple = "csr.multiple", Error;
    /// C3: input over 64 KiB.
    CsrTooLarge = "csr.too_large", Error;
    /// C4: the CSR is not well-formed PEM/DER.
    CsrMalformed = "csr.malformed", Error;
    /// C5: the CSR's version is not 0 (PKCS#10 v1); read anyway, as Let's Encrypt does.
    CsrVersion = "csr.version", Warning;
    /// S1: a signature algorithm public CAs refuse.
    CsrSignatureAlgorithm = "csr.signature_algorithm", Error;
    /// S2: the self-signature does not verify.
    CsrSignatureInvalid = "csr.signature_invalid", Error;
    /// K1: a key that is neither RSA nor EC on a named curve.
    CsrKeyAlgorithm = "csr.key_algorithm", Error;
    /// K2: an RSA modulus below 2048 bits or not a multiple of 8.
    CsrRsaKeySize = "csr.rsa_key_size", Error;
    /// K3: an RSA modulus above 4096 bits.
    CsrRsaKeyLarge = "csr.rsa_key_large", Warning;
    /// K4: an RSA exponent that is even or below 3.
    CsrRsaExponent = "csr.rsa_exponent", Error;
    /// K4: an RSA exponent below 65537.
    CsrRsaExponentSmall = "csr.rsa_exponent_small", Warning;
    /// K5: an RSA modulus with a small prime factor, or one ROCA-vulnerable.
    CsrRsaWeak = "csr.rsa_weak", Error;
    /// K6: an EC curve other than P-256/P-384/P-521, or a point off the curve.
    CsrEcCurve = "csr.ec_curve", Error;
    /// K6: a P-521 key.
    CsrEcP521 = "csr.ec_p521", Warning;
    /// N1: more than one CN, a CN over 64 characters, or a CN that is not a valid domain name.
    CsrCommonName = "csr.common_name", Error;
    /// N2: a SAN entry other than a dNSName.
    CsrSanType = "csr.san_type", Error;
    /// N3: the CSR has SANs and its CN is not among them.
    CsrCnNotInSan = "csr.cn_not_in_san", Error;
    /// N4: the CSR has no SAN extension.
    CsrNoSan = "csr.no_san", Warning;
    /// N5: an OV request whose CSR subject country is missing or not `KR`.
    CsrCountry = "csr.country", Error;
    /// X1: the body's `commonName` differs from the CSR's CN.
    CsrCommonNameMismatch = "csr.common_name_mismatch", Warning;
    /// X2: the body's names differ from the CSR's SAN set.
    CsrNamesMismatch = "csr.names_mismatch", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing validation found. Serialises as `{"code", "field", "severity", "message"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Finding {
    /// Stable code, e.g. [`Code::DomainUnderscore`] (`"domain.underscore"`).
    pub code: Code,
    /// JSON path of the field concerned: `commonName`, `dnsName[2]`, `csr`, `csr.san[1]` …
    pub field: String,
    /// `Error` or `Warning`; under a strict policy every finding is an `Error`.
    pub severity: Severity,
    /// What is wrong and what to do, in English.
    pub message: String,
}

impl Finding {
    /// A finding with the code's own severity.
    pub fn new(code: Code, field: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            code,
            field: field.into(),
            severity: code.severity(),
            message: message.into(),
        }
    }

    /// `true` for an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.severity, self.code, self.field, self.message
        )
    }
}

/// Every finding of one validation run, in a stable order (the order the checks ran).
///
/// Serialises as `{"valid": bool, "findings": [{"code", "field", "severity", "message"}…]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "ReportJson"))]
#[serde(into = "ReportJson")]
#[non_exhaustive]
pub struct Report {
    /// The findings, errors and warnings mixed, in check order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// Builds a report from findings, applying `policy` (strict turns warnings into errors).
    pub fn from_findings(mut findings: Vec<Finding>, policy: &Policy) -> Self {
        if policy.strict {
            for f in &mut findings {
                f.severity = Severity::Error;
            }
        }
        Report { findings }
    }

    /// `true` when nothing blocks: no finding has severity `Error`.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }

    /// The findings with severity `Error`.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }

    /// The findings with severity `Warning`.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }

    /// `true` when some finding has `code`.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The report as JSON text (`{"valid":…,"findings":[…]}`).
    #[cfg(feature = "full")]
    pub fn to_json(&self) -> String {
        // Serialising plain strings and booleans cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"findings\":[]}"))
    }
}

/// The JSON shape of a [`Report`]: `valid` is computed from the findings.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct ReportJson {
    /// `true` when nothing blocks: no finding is an error.
    valid: bool,
    /// The findings, errors and warnings mixed, in check order.
    findings: Vec<Finding>,
}

impl From<Report> for ReportJson {
    fn from(report: Report) -> Self {
        ReportJson {
            valid: report.is_valid(),
            findings: report.findings,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("no findings");
        }
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_strings_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert_eq!(Code::from_code_str(code.as_str()), Some(code));
        }
        assert_eq!(Code::from_code_str("no.such_code"), None);
    }

    #[test]
    fn strict_policy_turns_warnings_into_errors() {
        let findings = vec![Finding::new(Code::DnsNameDuplicate, "dnsName[1]", "dup")];
        assert!(Report::from_findings(findings.clone(), &Policy::lenient()).is_valid());
        let strict = Report::from_findings(findings, &Policy::strict());
        assert!(!strict.is_valid());
        assert_eq!(strict.findings[0].severity, Severity::Error);
    }

    #[test]
    fn report_serialises_to_the_spec_shape() {
        let r = Report::from_findings(
            vec![Finding::new(Code::DomainUnderscore, "commonName", "m")],
            &Policy::default(),
        );
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["findings"][0]["code"], "domain.underscore");
        assert_eq!(v["findings"][0]["field"], "commonName");
        assert_eq!(v["findings"][0]["severity"], "error");
        assert_eq!(v["findings"][0]["message"], "m");
    }
}
