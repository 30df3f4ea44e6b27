//! The request body of `requestPaidCertificateIssuance` and its validation.

mod body;
pub(crate) mod fields;
mod json;
mod kinds;
pub(crate) mod validate;

pub use kinds::{CertificateType, ParseValueError, ValidationMethod};

use crate::order::OrderIdentity;
use crate::prepare::{PrepareError, PreparedRequest, Site};
use crate::report::{Finding, Policy, Report};
use serde_json::{Map, Value};

/// A request for an Advanced DV / OV certificate, as the user gave it.
///
/// Fields hold what was given, unchecked: [`validate`](Self::validate) reports every problem
/// at once, and [`prepare`](Self::prepare) turns a valid request into the exact HTTP request
/// to send. Build one with [`builder`](Self::builder) or read one from JSON that uses the
/// API's field names with [`from_json`](Self::from_json).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct AdvancedCertificateRequest {
    /// `csr`: the PKCS#10 request, PEM text (lenient: CRLF, indentation, legacy label …) or
    /// DER bytes.
    pub csr: Option<Vec<u8>>,
    /// `certificateType`. Text that names no certificate type (given to the builder or read
    /// from JSON) leaves it `None` and is reported by `validate`.
    pub certificate_type: Option<CertificateType>,
    /// `certificateName`: the user's name for the certificate.
    pub certificate_name: Option<String>,
    /// `commonName`: the certificate's CN; `*.example.com` is allowed.
    pub common_name: Option<String>,
    /// `dnsName`: the names for the certificate's SAN list.
    pub dns_names: Vec<String>,
    /// `validationMethod`. Text that names no validation method leaves it `None` and is
    /// reported by `validate`.
    pub validation_method: Option<ValidationMethod>,
    /// `organizationNo`: the organisation's number, OV only.
    pub organization_no: Option<i64>,
    /// Fields copied verbatim into the body after the known ones, never validated (for
    /// fields NCP adds later).
    pub extra: Map<String, Value>,
    /// Problems found while reading the request from JSON (wrong types, unknown keys); they
    /// are reported by `validate` with everything else.
    input_findings: Vec<Finding>,
    /// Why the text given for `certificateType` was not read (while the field is `None`).
    certificate_type_error: Option<ParseValueError>,
    /// Why the text given for `validationMethod` was not read (while the field is `None`).
    validation_method_error: Option<ParseValueError>,
}

impl AdvancedCertificateRequest {
    /// Starts building a request.
    pub fn builder() -> AdvancedCertificateRequestBuilder {
        AdvancedCertificateRequestBuilder::default()
    }

    /// Reads a request from JSON text using the API's field names (`csr`, `certificateType`,
    /// `certificateName`, `commonName`, `dnsName`, `validationMethod`, `organizationNo`) plus
    /// an optional `extra` object of pass-through fields. `null` counts as absent.
    ///
    /// Only text that is not a JSON object is an `Err`; wrong field types and unknown keys are
    /// kept as findings that [`validate`](Self::validate) reports with the rest.
    pub fn from_json(text: &str) -> Result<Self, Report> {
        json::from_json_text(text)
    }

    /// Like [`from_json`](Self::from_json), from an already parsed value.
    pub fn from_json_value(value: &Value) -> Result<Self, Report> {
        json::from_json_value(value)
    }

    /// Sets `certificateType` from text, keeping why it is not one for `validate`.
    fn set_certificate_type(&mut self, text: &str) {
        let read = text.parse();
        self.certificate_type = read.as_ref().ok().copied();
        self.certificate_type_error = read.err();
    }

    /// Sets `validationMethod` from text, keeping why it is not one for `validate`.
    fn set_validation_method(&mut self, text: &str) {
        let read = text.parse();
        self.validation_method = read.as_ref().ok().copied();
        self.validation_method_error = read.err();
    }

    /// Checks every rule that applies and returns all findings at once.
    pub fn validate(&self, policy: &Policy) -> Report {
        Report::from_findings(validate::check(self).findings, policy)
    }

    /// Validates with the default policy and, when nothing blocks, returns the exact request
    /// to send to `site`: method, URL, headers and the canonical JSON body.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, PrepareError> {
        self.prepare_with(site, &Policy::default())
    }

    /// Like [`prepare`](Self::prepare), with an explicit policy (strict: warnings block too).
    pub fn prepare_with(
        &self,
        site: &Site,
        policy: &Policy,
    ) -> Result<PreparedRequest, PrepareError> {
        self.checked_body(site, policy)
            .map(|(prepared, _)| prepared)
    }

    /// Validated and serialised: the request to send, and the normalised body it was made of.
    fn checked_body(
        &self,
        site: &Site,
        policy: &Policy,
    ) -> Result<(PreparedRequest, body::Body), PrepareError> {
        let checked = validate::check(self);
        let report = Report::from_findings(checked.findings, policy);
        match checked.body {
            Some(body) if report.is_valid() => {
                let json = body.to_json(&self.extra);
                Ok((PreparedRequest::new(site, json, report.findings), body))
            }
            _ => Err(PrepareError::invalid(report)),
        }
    }

    /// The prepared request and what identifies it for the order workflow.
    pub(crate) fn prepare_order(
        &self,
        site: &Site,
        policy: &Policy,
    ) -> Result<(PreparedRequest, OrderIdentity), PrepareError> {
        let (prepared, body) = self.checked_body(site, policy)?;
        // The CSR decoded for validation, so its key decodes here too.
        let public_key = crate::csr::pem::decode_csr(body.csr.as_bytes())
            .ok()
            .and_then(|der| crate::order::csr_public_key(&der))
            .unwrap_or_default();
        let identity = OrderIdentity::new(
            &body.certificate_name,
            &body.common_name,
            &body.dns_names,
            body.certificate_type,
            prepared.body.as_deref().unwrap_or_default(),
            public_key,
        );
        Ok((prepared, identity))
    }
}

/// Builds an [`AdvancedCertificateRequest`]; every setter takes what the user has, and
/// nothing is checked until `validate` or `prepare`.
#[derive(Clone, Debug, Default)]
pub struct AdvancedCertificateRequestBuilder {
    request: AdvancedCertificateRequest,
}

impl AdvancedCertificateRequestBuilder {
    /// `csr`: PEM text or DER bytes.
    pub fn csr(mut self, csr: impl AsRef<[u8]>) -> Self {
        self.request.csr = Some(csr.as_ref().to_vec());
        self
    }

    /// `certificateType`: a [`CertificateType`] or its text (`"DV"`, `"NCP_PAID_OV_01"` …),
    /// read with [`FromStr`](std::str::FromStr); text that names no type is reported by
    /// `validate`.
    pub fn certificate_type(mut self, certificate_type: impl AsRef<str>) -> Self {
        self.request.set_certificate_type(certificate_type.as_ref());
        self
    }

    /// `certificateName`.
    pub fn certificate_name(mut self, name: impl Into<String>) -> Self {
        self.request.certificate_name = Some(name.into());
        self
    }

    /// `commonName`.
    pub fn common_name(mut self, name: impl Into<String>) -> Self {
        self.request.common_name = Some(name.into());
        self
    }

    /// Adds one name to `dnsName`.
    pub fn dns_name(mut self, name: impl Into<String>) -> Self {
        self.request.dns_names.push(name.into());
        self
    }

    /// Adds names to `dnsName`.
    pub fn dns_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.request
            .dns_names
            .extend(names.into_iter().map(Into::into));
        self
    }

    /// `validationMethod`: a [`ValidationMethod`] or its text (`"D"`, `"PD"`, `"E"`), read
    /// with [`FromStr`](std::str::FromStr); text that names no method is reported by
    /// `validate`.
    pub fn validation_method(mut self, method: impl AsRef<str>) -> Self {
        self.request.set_validation_method(method.as_ref());
        self
    }

    /// `organizationNo` (OV).
    pub fn organization_no(mut self, number: i64) -> Self {
        self.request.organization_no = Some(number);
        self
    }

    /// A pass-through field copied verbatim into the body.
    pub fn extra(mut self, name: impl Into<String>, value: Value) -> Self {
        self.request.extra.insert(name.into(), value);
        self
    }

    /// The request.
    pub fn build(self) -> AdvancedCertificateRequest {
        self.request
    }
}
