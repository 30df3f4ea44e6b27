//! The one error type of the host surface: every failure a binding can show, with its code
//! from the core's table ([`crate::codes`]) or NCP's own (an `api` error), serialised with
//! `type` naming which kind it is.

use crate::order::{OrderError, WorkflowMisuse};
use crate::{
    ApiError, ArgumentError, CsrError, ErrorCode, Finding, PrepareError, SigningError, SiteError,
};
use serde::Serialize;
use std::fmt;

/// An error of the host surface. Serialises as one JSON object whose `type` is `signing`,
/// `validation`, `csr`, `api`, `argument`, `order` or `internal`, with `code` and `message`
/// always present.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[non_exhaustive]
pub enum HostError {
    /// `signing`, `argument` or `internal`: a code and a message.
    Coded(CodedError),
    /// `validation`: the request was refused; every finding comes with it.
    Validation(ValidationFailure),
    /// `csr`: the CSR cannot be read.
    Csr(CsrFailure),
    /// `api`: NCP's answer was a failure.
    Api(Box<ApiFailure>),
    /// `order`: the order workflow ended without an order that is the request's.
    Order(Box<OrderError>),
}

/// A `signing`, `argument` or `internal` error.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CodedError {
    /// The code's error type.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// The code.
    pub code: ErrorCode,
    /// What went wrong and what to do.
    pub message: String,
}

/// A request that validation refused.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ValidationFailure {
    /// `"validation"`.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// [`ErrorCode::RequestInvalid`].
    pub code: ErrorCode,
    /// Every error, one per line.
    pub message: String,
    /// Every finding, errors and warnings.
    pub findings: Vec<Finding>,
}

/// A CSR that cannot be read: the finding code that says why.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CsrFailure {
    /// `"csr"`.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// The finding code, e.g. `csr.malformed`.
    pub code: &'static str,
    /// What is wrong and what to do.
    pub message: String,
    /// The field concerned (`csr`).
    pub field: String,
}

/// NCP's answer was a failure: the fields of [`ApiError`] and `type` `"api"`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ApiFailure {
    /// `"api"`.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// The error.
    #[serde(flatten)]
    pub error: ApiError,
}

impl HostError {
    /// An error of `code`'s type with `message`.
    pub fn coded(code: ErrorCode, message: impl Into<String>) -> Self {
        HostError::Coded(CodedError {
            error_type: code.error_type(),
            code,
            message: message.into(),
        })
    }

    /// An `argument.invalid` error.
    pub fn argument(message: impl Into<String>) -> Self {
        HostError::coded(ErrorCode::ArgumentInvalid, message)
    }

    /// The error's type: `signing`, `validation`, `csr`, `api`, `argument`, `order` or
    /// `internal`.
    pub fn error_type(&self) -> &'static str {
        match self {
            HostError::Coded(e) => e.error_type,
            HostError::Validation(e) => e.error_type,
            HostError::Csr(e) => e.error_type,
            HostError::Api(e) => e.error_type,
            HostError::Order(e) => e.error_type,
        }
    }

    /// The code: one of the core's table, a finding code, or NCP's own for an `api` error.
    pub fn code(&self) -> &str {
        match self {
            HostError::Coded(e) => e.code.as_str(),
            HostError::Validation(e) => e.code.as_str(),
            HostError::Csr(e) => e.code,
            HostError::Api(e) => &e.error.code,
            HostError::Order(e) => e.code.as_str(),
        }
    }

    /// What went wrong and what to do.
    pub fn message(&self) -> &str {
        match self {
            HostError::Coded(e) => &e.message,
            HostError::Validation(e) => &e.message,
            HostError::Csr(e) => &e.message,
            HostError::Api(e) => &e.error.message,
            HostError::Order(e) => &e.message,
        }
    }

    /// The error as JSON text, for hosts that need text (the C ABI).
    pub fn to_json(&self) -> String {
        // Strings, numbers and lists of them: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message(), self.code())
    }
}

impl std::error::Error for HostError {}

impl From<&SigningError> for HostError {
    fn from(e: &SigningError) -> Self {
        let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::ArgumentInvalid);
        HostError::coded(code, e.message())
    }
}

impl From<SigningError> for HostError {
    fn from(e: SigningError) -> Self {
        HostError::from(&e)
    }
}

impl From<PrepareError> for HostError {
    fn from(e: PrepareError) -> Self {
        HostError::Validation(ValidationFailure {
            error_type: ErrorCode::RequestInvalid.error_type(),
            code: ErrorCode::RequestInvalid,
            message: e.to_string(),
            findings: e.report().findings.clone(),
        })
    }
}

impl From<CsrError> for HostError {
    fn from(e: CsrError) -> Self {
        HostError::Csr(CsrFailure {
            error_type: "csr",
            code: e.code(),
            message: e.message().to_owned(),
            field: e.finding().field.clone(),
        })
    }
}

impl From<ApiError> for HostError {
    fn from(error: ApiError) -> Self {
        HostError::Api(Box::new(ApiFailure {
            error_type: "api",
            error,
        }))
    }
}

impl From<SiteError> for HostError {
    fn from(e: SiteError) -> Self {
        let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::SiteInvalid);
        HostError::coded(code, e.to_string())
    }
}

impl From<ArgumentError> for HostError {
    fn from(e: ArgumentError) -> Self {
        let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::ArgumentInvalid);
        HostError::coded(code, e.message())
    }
}

impl From<OrderError> for HostError {
    fn from(e: OrderError) -> Self {
        HostError::Order(Box::new(e))
    }
}

impl From<WorkflowMisuse> for HostError {
    fn from(e: WorkflowMisuse) -> Self {
        HostError::coded(e.code(), e.message())
    }
}
