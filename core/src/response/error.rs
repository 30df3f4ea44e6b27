//! [`ApiError`]: everything NCP can answer that is not an issued (or ongoing) request.

use serde::Serialize;
use std::fmt;

use super::gateway;
use super::outcome::Outcome;
use super::text;

/// Which kind of failure an [`ApiError`] is. Serialises as
/// [`as_str`](ApiErrorKind::as_str).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// NCP's API Gateway refused the request: a body `{"error":{"errorCode":…}}` (signature,
    /// keys, permissions, quotas, rate limits, endpoint trouble).
    Gateway,
    /// Certificate Manager refused the request: a `returnCode` other than `"0"`.
    Service,
    /// A non-2xx HTTP status without either of the bodies above (an empty body, a proxy's HTML
    /// page, …).
    Http,
    /// A 2xx status whose body is not the documented issuance response.
    Malformed,
}

impl ApiErrorKind {
    /// `"gateway"`, `"service"`, `"http"` or `"malformed"`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiErrorKind::Gateway => "gateway",
            ApiErrorKind::Service => "service",
            ApiErrorKind::Http => "http",
            ApiErrorKind::Malformed => "malformed",
        }
    }
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A typed error for anything NCP answered other than a certificate issuance response.
///
/// Every text in it is bounded: server-provided messages and body excerpts are cut to about
/// 200 characters (with a note saying so) and never contain control characters.
///
/// Serialises as `{"kind", "httpStatus", "code", "message", "details", "retryable",
/// "outcome", "hint"}`, `retryable` being [`retryable`](ApiError::retryable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiError {
    /// The kind of failure.
    pub kind: ApiErrorKind,
    /// The HTTP status actually received (whatever the body says).
    pub http_status: u16,
    /// Machine-readable code: the gateway's `errorCode` (`"200"`), the service's `returnCode`
    /// (`"1002"`), the HTTP status (`"403"`) for [`ApiErrorKind::Http`], or `"malformed"`.
    pub code: String,
    /// What went wrong: the server's message, or ncpcert's description of the answer.
    pub message: String,
    /// More detail when there is some: the gateway's `details`, or an excerpt of the body.
    pub details: Option<String>,
    /// What the failure means for the next attempt: resendable, ambiguous (NCP may
    /// have acted on it: look the certificate up before sending the issuance request again)
    /// or final. Written with [`retryable`](ApiError::retryable) before it.
    #[serde(flatten, serialize_with = "Outcome::serialize_with_retryable")]
    #[cfg_attr(feature = "schema", schemars(with = "super::outcome::WithRetryable"))]
    pub outcome: Outcome,
    /// What the user should do about it.
    pub hint: String,
}

impl ApiError {
    /// `true` when the same request may be sent again as is (re-signed with a fresh
    /// timestamp): NCP certainly did not act on it. The same as
    /// `outcome == Outcome::Resendable`; see [`outcome`](ApiError::outcome).
    pub fn retryable(&self) -> bool {
        self.outcome.is_resendable()
    }

    /// `true` for Certificate Manager's answer that the certificate name is already taken:
    /// after an attempt of the same request whose answer was lost, that attempt
    /// probably placed the order; otherwise the name belongs to an earlier certificate.
    pub fn is_name_taken(&self) -> bool {
        self.kind == ApiErrorKind::Service && super::outcome::is_name_taken_message(&self.message)
    }

    /// The error as JSON text: `{"kind","httpStatus","code","message","details","retryable",
    /// "outcome","hint"}`.
    pub fn to_json(&self) -> String {
        // Only strings, integers and booleans: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// A gateway error (body `{"error":{"errorCode":…}}`).
    pub(super) fn gateway(
        http_status: u16,
        code: String,
        message: Option<String>,
        details: Option<String>,
    ) -> Self {
        let row = gateway::lookup(&code);
        let message = message
            .filter(|m| !m.is_empty())
            .or_else(|| row.map(|r| r.name.to_owned()))
            .unwrap_or_else(|| format!("API Gateway error {code}"));
        let hint = row.map_or(gateway::UNKNOWN_GATEWAY_HINT, |r| r.hint);
        let outcome = Outcome::of_gateway(&code, http_status);
        ApiError {
            kind: ApiErrorKind::Gateway,
            http_status,
            code,
            message,
            details: details.filter(|d| !d.is_empty()),
            outcome,
            hint: hint.to_owned(),
        }
    }

    /// A service error (`returnCode` other than `"0"`).
    pub(super) fn service(http_status: u16, code: String, message: Option<String>) -> Self {
        let message = message.filter(|m| !m.is_empty()).unwrap_or_else(|| {
            format!("Certificate Manager returned code {code} without a message")
        });
        let outcome = Outcome::of_service(&code, &message);
        let hint = if outcome.is_ambiguous() {
            NAME_TAKEN_HINT.to_owned()
        } else {
            service_hint(&code)
        };
        ApiError {
            kind: ApiErrorKind::Service,
            http_status,
            hint,
            code,
            message,
            details: None,
            outcome,
        }
    }

    /// A non-2xx answer without a gateway or service error body. `json` says whether the body
    /// was JSON (of some other shape).
    pub(super) fn http(http_status: u16, body: &[u8], json: bool) -> Self {
        let reason = reason_phrase(http_status);
        let status = if reason.is_empty() {
            format!("HTTP {http_status}")
        } else {
            format!("HTTP {http_status} {reason}")
        };
        let html = text::looks_like_html(body);
        let (message, details) = if text::is_blank(body) {
            (format!("{status} with an empty body"), None)
        } else if html {
            (
                format!("{status} with an HTML page instead of NCP's JSON"),
                Some(text::body_excerpt(body)),
            )
        } else if json {
            (
                format!("{status} with a JSON body that is neither a gateway nor a Certificate Manager error"),
                Some(text::body_excerpt(body)),
            )
        } else {
            (
                format!("{status} with a body that is not JSON"),
                Some(text::body_excerpt(body)),
            )
        };
        let mut hint = http_hint(http_status).to_owned();
        if html {
            hint.push_str(
                " The body is an HTML page, so it probably came from a proxy, load balancer or \
firewall in front of NCP rather than from NCP's API: check the endpoint URL and any HTTP proxy \
settings.",
            );
        }
        let outcome = Outcome::of_http_status(http_status);
        ApiError {
            kind: ApiErrorKind::Http,
            http_status,
            code: http_status.to_string(),
            message,
            details,
            outcome,
            hint,
        }
    }

    /// A 2xx answer that is not the documented answer of `expected`'s operation; `what` says
    /// what is wrong.
    pub(crate) fn malformed(
        http_status: u16,
        expected: &super::Expected,
        what: &str,
        body: &[u8],
    ) -> Self {
        let outcome = Outcome::of_unreadable_success();
        ApiError {
            kind: ApiErrorKind::Malformed,
            http_status,
            code: String::from("malformed"),
            message: format!(
                "HTTP {http_status} but the body is not {}: {what}",
                expected.answer
            ),
            details: if text::is_blank(body) {
                None
            } else {
                Some(text::body_excerpt(body))
            },
            outcome,
            hint: expected.malformed_hint.to_owned(),
        }
    }
}

impl ApiError {
    /// The error with its message and hint in `lang`. NCP's own message (a gateway's or
    /// Certificate Manager's) is quoted as NCP wrote it; ncpcert's words around it, and the
    /// hint, are in `lang`.
    pub fn localized(&self, lang: crate::Lang) -> ApiError {
        let mut error = self.clone();
        if lang == crate::Lang::Ko {
            let status = self.http_status;
            let code = &self.code;
            error.message = match self.kind {
                ApiErrorKind::Gateway => {
                    format!("NCP API Gateway가 요청을 거부했습니다(HTTP {status}, 오류 코드 {code}): {}", self.message)
                }
                ApiErrorKind::Service => {
                    format!("Certificate Manager가 요청을 거부했습니다(HTTP {status}, 코드 {code}): {}", self.message)
                }
                ApiErrorKind::Http => format!(
                    "NCP에서 HTTP {status} 오류 응답을 받았습니다. 본문은 NCP API의 오류 형식이 아닙니다(비어 있거나, HTML이거나, 다른 JSON)."
                ),
                ApiErrorKind::Malformed => format!(
                    "HTTP {status} 응답을 받았지만 본문이 이 호출에 대해 문서화된 NCP 응답 형식이 아닙니다."
                ),
            };
            error.hint = match self.outcome {
                Outcome::Resendable => "NCP는 이 요청을 처리하지 않았습니다. 잠시 기다린 뒤 새 타임스탬프로 다시 서명해 보내세요. 인증키, 권한, 엔드포인트 문제라면 먼저 설정을 확인하세요.",
                Outcome::Ambiguous => "NCP가 이 요청을 처리했을 수 있습니다. 발급 요청을 다시 보내기 전에 인증서 이름으로 목록(ListAdvancedCertificates)을 조회하세요. ncpcert의 주문 워크플로는 이를 자동으로 합니다.",
                _ => "NCP가 이 요청을 거부했습니다. 그대로 다시 보내면 같은 이유로 실패하니, 메시지를 확인하고 요청을 고친 뒤 보내세요(ncpcert validate로 확인할 수 있는 항목은 미리 점검됩니다).",
            }
            .to_owned();
        }
        error
    }
}

/// The hint of a service error saying the certificate name is taken.
const NAME_TAKEN_HINT: &str = "A certificate with this name already exists. If an earlier \
attempt of this same request may have gone through (a timeout, a lost answer), it is probably \
that order: look the name up (ListAdvancedCertificates with certificateName) and use what you \
find instead of ordering again; ncpcert's order workflow does this for you. Otherwise choose \
another name.";

/// Hints for Certificate Manager's own return codes.
fn service_hint(code: &str) -> String {
    match code {
        "1002" => String::from(
            "NCP could not read the CSR as PEM: send it as canonical PEM (label CERTIFICATE \
REQUEST, base64 in 64-column lines, LF line endings, final newline). ncpcert's prepare always \
does; if this body was built another way, build it with prepare.",
        ),
        _ => format!(
            "Certificate Manager refused the request with code {code}: read the message, correct \
the request (ncpcert's validate reports what it can check) and send it again. Sending the same \
request unchanged will fail the same way."
        ),
    }
}

/// What to do about a bare HTTP status.
fn http_hint(status: u16) -> &'static str {
    match status {
        400 => {
            "NCP refused the request without saying why: check it with ncpcert's validate and \
send exactly what prepare produced (method, URL, headers and body)."
        }
        401 => {
            "Authentication failed: check the access key / secret key pair, that the signed \
path is byte-for-byte the path sent, and that this host's clock is within 5 minutes of NCP's; \
re-sign with a fresh timestamp."
        }
        403 => {
            "NCP has been seen answering 403 with an empty body when the access key belongs to \
a sub-account and the API is a Certificate Manager 2.0 API: try the main account's API key, and \
check the sub-account's IAM policies and any access restriction on the key."
        }
        404 => {
            "No API at that address: check the site (public, gov or fin) or the custom \
endpoint (including any path prefix), and the operation's path (the issuance request is \
/api/v2/certificate/requestPaidCertificateIssuance)."
        }
        405 => "The method was refused: send POST, as prepared.",
        408 => {
            "The request timed out before it was complete: retry with backoff, re-signing \
with a fresh timestamp."
        }
        413 => {
            "The request body is too large: send the CSR alone, as the canonical PEM that \
ncpcert's prepare emits."
        }
        415 => {
            "The content type was refused: send the Content-Type: application/json header \
that ncpcert's prepare provides."
        }
        429 => {
            "Too many requests: wait, then retry with exponential backoff, re-signing every \
attempt with a fresh timestamp."
        }
        500..=503 | 505..=599 => {
            "A server or gateway error on the way to NCP, and the request may still have been \
processed: look for the certificate in the certificate list before sending the issuance request \
again (to avoid ordering it twice), then retry later with backoff, re-signing every attempt with \
a fresh timestamp."
        }
        504 => {
            "No answer in time, and the request may still have been processed: look for the \
certificate in the certificate list before retrying (to avoid ordering it twice), then retry \
with backoff, re-signing with a fresh timestamp."
        }
        300..=399 => {
            "NCP's API does not redirect: check the endpoint URL (scheme, host and \
path) and any proxy in between."
        }
        _ => {
            "An unexpected HTTP status: check the endpoint URL and that the request is sent \
exactly as ncpcert prepared it."
        }
    }
}

/// The standard reason phrase for common statuses (empty when not known).
fn reason_phrase(status: u16) -> &'static str {
    match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl ApiError {
    /// What happened in one sentence, without the hint: `NCP gateway error (HTTP 401, code
    /// 200): Authentication Failed [details].`
    pub fn summary(&self) -> String {
        let mut out = format!(
            "NCP {} error (HTTP {}, code {}): {}",
            self.kind, self.http_status, self.code, self.message
        );
        let ends_a_sentence = self.details.is_none() && self.message.ends_with(['.', '!', '?']);
        if let Some(details) = &self.details {
            out.push_str(&format!(" [{details}]"));
        }
        if !ends_a_sentence {
            out.push('.');
        }
        out
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hint: {}", self.summary(), self.hint)
    }
}

impl std::error::Error for ApiError {}
