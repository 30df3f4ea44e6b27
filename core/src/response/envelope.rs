//! Reading any Certificate Manager answer: JSON, an optional `…Response`
//! wrapper, then a gateway error, a service error, a bare HTTP error — or the success object
//! for the operation's own reader. Shared by every operation's parser.

use serde_json::{Map, Value};

use serde::de::DeserializeOwned;

use super::fields::{from_value, Code};
use super::{text, ApiError};

/// What an operation's successful answer is, for the messages of
/// [`ApiErrorKind::Malformed`](super::ApiErrorKind::Malformed) errors.
#[derive(Debug)]
pub(crate) struct Expected {
    /// The answer, as in "the body is not {answer}".
    pub answer: &'static str,
    /// What to do when a 2xx answer cannot be read.
    pub malformed_hint: &'static str,
}

/// The success object of an answer, or the [`ApiError`] it is. Never panics.
pub(crate) fn read_envelope(
    http_status: u16,
    body: &[u8],
    expected: &Expected,
) -> Result<Map<String, Value>, ApiError> {
    match read_answer(http_status, body, expected)? {
        Value::Object(object) => Ok(object),
        other => Err(ApiError::malformed(
            http_status,
            expected,
            &format!("the JSON is {}, not an object", type_name(&other)),
            body,
        )),
    }
}

/// The success object of an answer read as `T` (with its derived `Deserialize`), or the
/// [`ApiError`] it is: a malformed one names the field that could not be read. Never panics.
pub(crate) fn read_model<T: DeserializeOwned>(
    http_status: u16,
    body: &[u8],
    expected: &Expected,
) -> Result<T, ApiError> {
    let object = read_envelope(http_status, body, expected)?;
    from_value(Value::Object(object))
        .map_err(|what| ApiError::malformed(http_status, expected, &what, body))
}

/// The success JSON of an answer, whatever its type (an object, or for an operation NCP
/// documents without a wrapper, a bare array), or the [`ApiError`] it is. Never panics.
pub(crate) fn read_answer(
    http_status: u16,
    body: &[u8],
    expected: &Expected,
) -> Result<Value, ApiError> {
    let is_success = (200..=299).contains(&http_status);
    let json = match parse_json(body) {
        Ok(value) => unwrap_wrapper(value),
        Err(problem) if is_success => {
            return Err(ApiError::malformed(http_status, expected, &problem, body));
        }
        Err(_) => return Err(ApiError::http(http_status, body, false)),
    };
    if let Value::Object(object) = &json {
        if let Some(error) = gateway_error(http_status, object) {
            return Err(error);
        }
        if let Some(error) = service_error(http_status, object) {
            return Err(error);
        }
    }
    if !is_success {
        return Err(ApiError::http(http_status, body, true));
    }
    Ok(json)
}

/// Parses the body as JSON; on failure says why, in words fit for a message.
pub(crate) fn parse_json(body: &[u8]) -> Result<Value, String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if text::is_blank(body) {
        return Err(String::from("the body is empty"));
    }
    if let Err(e) = std::str::from_utf8(body) {
        return Err(format!(
            "the body is not valid UTF-8 (first invalid byte at offset {})",
            e.valid_up_to()
        ));
    }
    // serde_json stops at 128 levels of nesting with an error, so deeply nested input can
    // neither overflow the stack here nor when the value is dropped.
    serde_json::from_slice(body).map_err(|e| {
        if e.is_eof() {
            format!("the JSON ends too early (truncated?): {e}")
        } else if e.to_string().starts_with("recursion limit exceeded") {
            format!("the JSON is nested more than 128 levels deep: {e}")
        } else {
            format!("the body is not valid JSON: {e}")
        }
    })
}

/// `{"somethingResponse": {…}}` → `{…}`; anything else unchanged.
pub(crate) fn unwrap_wrapper(value: Value) -> Value {
    match value {
        Value::Object(map)
            if map.len() == 1
                && map
                    .iter()
                    .all(|(key, inner)| key.ends_with("Response") && inner.is_object()) =>
        {
            map.into_iter()
                .next()
                .map_or(Value::Null, |(_, inner)| inner)
        }
        other => other,
    }
}

/// `"null"`, `"a string"`, … for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A code sent as a string or a number, as bounded text (see [`Code`]).
fn code_text(value: &Value) -> Option<String> {
    use serde_with::DeserializeAs;
    <Code as DeserializeAs<String>>::deserialize_as(super::value_de::ValueDeserializer(value)).ok()
}

/// The gateway error in `object`, if it is `{"error":{"errorCode":…}}`.
fn gateway_error(http_status: u16, object: &Map<String, Value>) -> Option<ApiError> {
    let error = object.get("error")?.as_object()?;
    let code = code_text(error.get("errorCode")?)?;
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .map(text::server_text);
    let details = match error.get("details") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(text::server_text(s)),
        // serde_json::to_string, not Display, whose `{:#}` form would compile a pretty printer too.
        Some(other) => Some(text::server_text(
            &serde_json::to_string(other).unwrap_or_default(),
        )),
    };
    Some(ApiError::gateway(http_status, code, message, details))
}

/// The service error in `object`, if its `returnCode` is not `"0"`.
fn service_error(http_status: u16, object: &Map<String, Value>) -> Option<ApiError> {
    let code = code_text(object.get("returnCode")?)?;
    if code == "0" {
        return None;
    }
    let message = object
        .get("returnMessage")
        .and_then(Value::as_str)
        .map(text::server_text);
    Some(ApiError::service(http_status, code, message))
}
