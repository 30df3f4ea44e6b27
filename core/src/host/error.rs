//! The one error type of the host surface: every failure a binding can show, with its code
//! from the core's table ([`crate::codes`]) or NCP's own (an `api` error), serialised with
//! `type` naming which kind it is.

use crate::lang::{render, Args, Lang};
use crate::order::{OrderError, WorkflowMisuse};
use crate::{
    ApiError, ArgumentError, CsrError, ErrorCode, Finding, PrepareError, SigningError, SiteError,
};
use crate::{Policy, Report};
use serde::Serialize;
use std::borrow::Cow;
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
    /// The values the code's template quotes in other languages.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    args: Args,
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
    /// The finding, for its message in other languages.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    finding: Option<Box<Finding>>,
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
            args: Args::new(),
        })
    }

    /// The error with the template parameter `name` of its code's text set to `value`
    /// (a language-neutral detail: a name, a number, a path). Only coded errors take one.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let HostError::Coded(e) = &mut self {
            e.args.push((name, value.into()));
        }
        self
    }

    /// The same error with its messages (and findings, and hint) in `lang`; its code, type
    /// and every other field are unchanged.
    pub fn localized(&self, lang: Lang) -> HostError {
        if lang == Lang::En {
            return self.clone();
        }
        match self {
            HostError::Coded(e) => HostError::Coded(CodedError {
                message: render(e.code.translation(lang), &e.args),
                ..e.clone()
            }),
            HostError::Validation(e) => {
                let report = Report::from_findings(e.findings.clone(), &Policy::lenient());
                let mut message = PrepareError::Invalid(report).message_in(lang);
                if e.code != ErrorCode::RequestInvalid {
                    // Findings of another kind (names for a CSR): the code's own words lead,
                    // each finding follows on its line.
                    let lines = message.split_once('\n').map_or("", |(_, rest)| rest);
                    message = format!("{}\n{lines}", e.code.translation(lang));
                }
                HostError::Validation(ValidationFailure {
                    message,
                    findings: e.findings.iter().map(|f| f.localized(lang)).collect(),
                    ..e.clone()
                })
            }
            HostError::Csr(e) => HostError::Csr(CsrFailure {
                message: e
                    .finding
                    .as_ref()
                    .map_or_else(|| e.message.clone(), |f| f.message_in(lang).into_owned()),
                ..e.clone()
            }),
            HostError::Api(e) => HostError::Api(Box::new(ApiFailure {
                error_type: e.error_type,
                error: e.error.localized(lang),
            })),
            HostError::Order(e) => HostError::Order(Box::new(e.localized(lang))),
        }
    }

    /// What went wrong and what to do, in `lang` ([`message`](HostError::message) in English).
    pub fn message_in(&self, lang: Lang) -> Cow<'_, str> {
        match lang {
            Lang::En => Cow::Borrowed(self.message()),
            _ => Cow::Owned(self.localized(lang).message().to_owned()),
        }
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
            finding: Some(Box::new(e.finding().clone())),
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
