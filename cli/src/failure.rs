//! How a command fails: one error in the hosts' shape (`{"type", "code", "message", "hint",
//! …}`, codes from the core's table), the exit status the table gives its code, and the fields
//! `--json` prints beside it.

use ncpcert::host::HostError;
use ncpcert::order::{CallFailure, OrderError};
use ncpcert::{ApiError, ErrorCode, Lang, Report};
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

static LANG: OnceLock<Lang> = OnceLock::new();

/// Chooses the language of every message this run prints (once, first thing).
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of messages: `--lang`, or the locale's.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// A failed command.
#[derive(Debug)]
pub struct Failure {
    /// The exit status (1 refused or failed, 2 invalid input, 3 outcome unknown,
    /// 4 not finished yet).
    pub status: u8,
    /// `{"type", "code", "message", "hint"?, …}`.
    pub error: Box<Map<String, Value>>,
    /// Fields printed beside `error` with `--json` (what is known despite the failure:
    /// `certificateNo`, `domains`, …).
    pub context: Box<Map<String, Value>>,
}

impl Failure {
    /// A failure with one of the core's codes.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut error = Map::new();
        error.insert("type".into(), code.error_type().into());
        error.insert("code".into(), code.as_str().into());
        let message = message.into();
        let lang = lang();
        if lang == Lang::En {
            error.insert("message".into(), message.into());
        } else {
            // The code's text in the chosen language; the English words of this case, which
            // quote the paths and values concerned, stay beside it as `detail`.
            let text = HostError::coded(code, "").message_in(lang).into_owned();
            error.insert("message".into(), text.into());
            error.insert("detail".into(), message.into());
        }
        Failure {
            status: code.exit_status(),
            error: Box::new(error),
            context: Box::default(),
        }
    }

    /// Invalid input: nothing was sent.
    pub fn argument(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::ArgumentInvalid, message)
    }

    /// NCP's answer to a call that is not the paid one: the hosts' `api` error (NCP's own
    /// code, `kind`, `httpStatus`, …).
    pub fn api(e: &ApiError) -> Self {
        let e = &e.localized(lang());
        let mut error = as_object(serde_json::from_str(&e.to_json()).unwrap_or_default());
        error.insert("type".into(), "api".into());
        error.insert("message".into(), e.summary().into());
        Failure {
            status: 1,
            error: Box::new(error),
            context: Box::default(),
        }
    }

    /// A call that failed, NCP's answer or the transport's.
    pub fn call(failure: &CallFailure) -> Self {
        match failure {
            CallFailure::Api(e) => Failure::api(e),
            other => Failure {
                status: ErrorCode::TransportFailed.exit_status(),
                error: Box::new(as_object(serde_json::to_value(other).unwrap_or_default())),
                context: Box::default(),
            },
        }
    }

    /// The order workflow's error, as the core serialises it.
    pub fn order(e: &OrderError) -> Self {
        let e = &e.localized(lang());
        Failure {
            status: e.code.exit_status(),
            error: Box::new(as_object(serde_json::to_value(e).unwrap_or_default())),
            context: Box::default(),
        }
    }

    /// An error the core rendered in the run's language with its own values (an English
    /// `message` otherwise): no English detail is kept beside it.
    pub fn rendered(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut failure = Failure::new(code, "");
        failure.error.remove("detail");
        failure.with("message", message.into())
    }

    /// An error the core serialises (its fields go in the error object as they are), rendered
    /// in the run's language.
    pub fn serialised(code: ErrorCode, error: Result<Value, serde_json::Error>) -> Self {
        let mut failure = Failure::new(code, "");
        failure.error.remove("detail");
        if let Ok(Value::Object(map)) = error {
            for (key, value) in map {
                failure.error.insert(key, value);
            }
        }
        failure
    }

    /// A request validation refused, with every finding.
    pub fn invalid_request(e: &ncpcert::PrepareError) -> Self {
        let mut failure =
            Failure::new(ErrorCode::RequestInvalid, "").with("findings", findings(e.report()));
        let message = match lang() {
            Lang::Ko => format!("{}\n아무것도 보내지 않았습니다", e.message_in(Lang::Ko)),
            _ => format!("{e}\nnothing was sent"),
        };
        failure.error.remove("detail");
        failure.with("message", message)
    }

    /// Adds a field to the error.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.error.insert(key.into(), value.into());
        self
    }

    /// Adds the CLI's own advice after the core's hint.
    pub fn hint(mut self, advice: impl AsRef<str>) -> Self {
        let advice = advice.as_ref();
        let hint = match self.error.get("hint").and_then(Value::as_str) {
            Some(core) if !core.is_empty() => format!("{core} {advice}"),
            _ => advice.to_owned(),
        };
        self.error.insert("hint".into(), hint.into());
        self
    }

    /// Adds a field printed beside `error` with `--json`.
    pub fn context(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.context.insert(key.into(), value.into());
        self
    }

    pub fn message(&self) -> &str {
        self.error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// For people: the message, then the detail and the hint.
    pub fn text(&self) -> String {
        let mut text = self.message().to_owned();
        if let Some(detail) = self.error.get("detail").and_then(Value::as_str) {
            if !detail.is_empty() {
                text.push_str(&format!("\n  ({detail})"));
            }
        }
        match self.error.get("hint").and_then(Value::as_str) {
            Some(hint) if !hint.is_empty() => {
                let label = ncpcert::Phrase::Hint.template(lang());
                format!("{text}\n{label}: {hint}")
            }
            _ => text,
        }
    }

    /// The one JSON document of `--json`: `{"error": {…}, …context}`.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("error".into(), Value::Object((*self.error).clone()));
        for (k, v) in self.context.iter() {
            out.insert(k.clone(), v.clone());
        }
        Value::Object(out)
    }
}

fn as_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => {
            let mut map = Map::new();
            map.insert("message".into(), other);
            map
        }
    }
}

/// A report's findings as JSON.
pub fn findings(report: &Report) -> Value {
    serde_json::from_str::<Value>(&report.localized(lang()).to_json()).unwrap_or_default()
        ["findings"]
        .take()
}

/// The error of a signing function (a bad timestamp or method).
impl From<ncpcert::SigningError> for Failure {
    fn from(e: ncpcert::SigningError) -> Self {
        let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::ArgumentInvalid);
        Failure::new(code, e.message())
    }
}

/// Keys that cannot be found or used.
impl From<ncpcert::credentials::CredentialsError> for Failure {
    fn from(e: ncpcert::credentials::CredentialsError) -> Self {
        let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::CredentialsInvalid);
        Failure::new(code, e.message())
    }
}

/// A site or base URL that cannot be used.
impl From<ncpcert::SiteError> for Failure {
    fn from(e: ncpcert::SiteError) -> Self {
        Failure::new(ErrorCode::SiteInvalid, e.to_string())
    }
}

/// An argument of a call that cannot be sent.
impl From<ncpcert::ArgumentError> for Failure {
    fn from(e: ncpcert::ArgumentError) -> Self {
        Failure::argument(e.message())
    }
}

/// A JSON value from text the core serialised.
pub fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| json!(null))
}
