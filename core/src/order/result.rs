//! What the order workflow ends with — a [`PlacedOrder`] or an [`OrderError`] — and the steps
//! it took on the way, each serialised with derived serde.

use crate::codes::ErrorCode;
use crate::{
    ApiError, CertificateChain, CertificateStatus, CertificateSummary, IssuanceResponse, Outcome,
};
use serde::Serialize;
use std::fmt;

/// A call that failed: NCP's answer, or the transport.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum CallFailure {
    /// NCP (or something in between) answered, with an error.
    Api(ApiError),
    /// No answer: the connection failed.
    #[serde(rename_all = "camelCase")]
    Transport {
        /// [`ErrorCode::TransportFailed`].
        code: ErrorCode,
        /// Whether any byte of the request was written before the failure.
        written: bool,
        /// What the host's HTTP client said.
        message: String,
        /// What the failure means for the next attempt.
        outcome: Outcome,
    },
}

impl CallFailure {
    /// A transport failure: `written` says whether any byte of the request reached the
    /// connection (after that, NCP may have acted on it).
    pub fn transport(written: bool, message: &str) -> Self {
        CallFailure::Transport {
            code: ErrorCode::TransportFailed,
            written,
            message: crate::report::excerpt(message),
            outcome: Outcome::of_transport(crate::TransportFailure::from_written(written)),
        }
    }

    /// What the failure means for the next attempt.
    pub fn outcome(&self) -> Outcome {
        match self {
            CallFailure::Api(e) => e.outcome,
            CallFailure::Transport { outcome, .. } => *outcome,
        }
    }
}

impl fmt::Display for CallFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallFailure::Api(e) => f.write_str(e.summary().trim_end_matches('.')),
            CallFailure::Transport {
                written, message, ..
            } => {
                let when = if *written {
                    "after the request was sent"
                } else {
                    "before anything was sent"
                };
                write!(f, "the connection failed {when}: {message}")
            }
        }
    }
}

/// One thing the workflow did, in order. Serialises with `"step"` naming the kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "step",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Step {
    /// The journal said this request may have placed an order: look it up before anything.
    Resume {
        /// An attempt was sent and never settled.
        open_attempt: bool,
        /// The order the journal recorded, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        certificate_no: Option<u64>,
    },
    /// The paid request was sent (attempt counts from 1).
    Send {
        /// Which attempt.
        attempt: u32,
        /// The HTTP status of the answer, when there was one.
        #[serde(skip_serializing_if = "Option::is_none")]
        http_status: Option<u16>,
        /// What a failure meant (absent on success).
        #[serde(skip_serializing_if = "Option::is_none")]
        outcome: Option<Outcome>,
        /// The failure, if it failed.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<CallFailure>,
        /// The certificate NCP answered with.
        #[serde(skip_serializing_if = "Option::is_none")]
        certificate_no: Option<u64>,
    },
    /// One page of ListAdvancedCertificates by the certificate name.
    Lookup {
        /// The page asked for.
        page: u32,
        /// Whether the certificate name was found (absent when the lookup failed).
        #[serde(skip_serializing_if = "Option::is_none")]
        found: Option<bool>,
        /// The certificate found.
        #[serde(skip_serializing_if = "Option::is_none")]
        certificate_no: Option<u64>,
        /// Why the lookup gave no answer.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<CallFailure>,
    },
    /// GetCertificateChain of a found, issued certificate, to compare its key with the CSR's.
    Chain {
        /// The certificate.
        certificate_no: u64,
        /// Whether its key is the CSR's (absent when the chain could not be read).
        #[serde(skip_serializing_if = "Option::is_none")]
        key_matches: Option<bool>,
        /// Why the chain gave no answer.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<CallFailure>,
    },
    /// NCP refused a signature for the clock: the next attempt is signed with this offset.
    ClockCorrected {
        /// Milliseconds to add to the host's clock.
        offset_ms: i64,
    },
}

/// How the order came to be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OrderPath {
    /// NCP accepted the request and answered.
    Accepted,
    /// An attempt's answer was lost (or a run was interrupted), and the lookup found this
    /// request's order under the identity rule: nothing was ordered again.
    Recovered,
}

impl OrderPath {
    /// `"accepted"` or `"recovered"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderPath::Accepted => "accepted",
            OrderPath::Recovered => "recovered",
        }
    }
}

/// The order exists, and it is this request's.
///
/// Serialises as `{"path", "certificateNo", "certificateName", "status", "statusCode",
/// "statusName", "orderId", "attempts", "answer", "certificate", "chain", "steps"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlacedOrder {
    /// Accepted, or recovered.
    pub path: OrderPath,
    /// The order's certificate.
    pub certificate_no: u64,
    /// Its name.
    pub certificate_name: String,
    /// Its state when last seen.
    pub status: CertificateStatus,
    /// The state's code.
    pub status_code: i64,
    /// NCP's text for the state.
    pub status_name: String,
    /// The order's id, when the listing gave it.
    pub order_id: Option<String>,
    /// Paid attempts sent by this run.
    pub attempts: u32,
    /// NCP's answer to the request (accepted).
    pub answer: Option<IssuanceResponse>,
    /// The certificate as listed (recovered).
    pub certificate: Option<CertificateSummary>,
    /// The chain read to prove the key (recovered and already issued).
    pub chain: Option<CertificateChain>,
    /// Everything the workflow did.
    pub steps: Vec<Step>,
}

impl PlacedOrder {
    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// Why the workflow ended without an order that is this request's. Its `code` says whether
/// anything may have been bought: only [`ErrorCode::OrderOutcomeUnknown`] leaves that open.
///
/// Serialises as the hosts' error shape: `{"type": "order", "code", "message", "hint",
/// "certificateName", "certificateNo"?, "certificate"?, "cause"?, "steps"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrderError {
    /// `"order"`.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// `order.name_taken`, `order.not_this_request`, `order.outcome_unknown`,
    /// `order.refused` or `order.not_placed`.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The certificate name of the request.
    pub certificate_name: String,
    /// The certificate concerned (the one found, or the one the journal recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<u64>,
    /// The certificate found by name, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSummary>,
    /// The failure that ended it: NCP's answer or the transport's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<CallFailure>,
    /// Everything the workflow did.
    pub steps: Vec<Step>,
}

impl OrderError {
    pub(crate) fn new(
        code: ErrorCode,
        certificate_name: &str,
        message: String,
        hint: String,
    ) -> Self {
        OrderError {
            error_type: code.error_type(),
            code,
            message,
            hint,
            certificate_name: certificate_name.to_owned(),
            certificate_no: None,
            certificate: None,
            cause: None,
            steps: Vec::new(),
        }
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// The error with its message and hint in `lang`: in a language other than English,
    /// the message is the code's text (with NCP's own message for a refusal) and the hint
    /// names the certificate.
    pub fn localized(&self, lang: crate::Lang) -> OrderError {
        let mut error = self.clone();
        if lang != crate::Lang::En {
            let mut args = Vec::new();
            if let Some(CallFailure::Api(api)) = &self.cause {
                args.push(("detail", crate::report::excerpt(&api.message)));
            }
            error.message = crate::lang::render(self.code.translation(lang), &args);
            error.hint = match self.certificate_no {
                Some(no) => format!("인증서 이름 `{}`, 인증서 번호 {no}", self.certificate_name),
                None => format!("인증서 이름 `{}`", self.certificate_name),
            };
        }
        error
    }
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for OrderError {}

/// A driver called the workflow out of turn: asked for the next action while a sent call
/// still waits for its answer, or fed an answer nothing was waiting for. A bug in the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowMisuse(pub(crate) String);

impl WorkflowMisuse {
    /// [`ErrorCode::InternalMisuse`].
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InternalMisuse
    }

    /// What the host did wrong.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WorkflowMisuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WorkflowMisuse {}
