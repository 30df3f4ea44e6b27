//! Reading the fields of NCP's answers, where NCP is inconsistent: numbers sent as strings,
//! codes sent as numbers, `null` for absent. Every reader says what is wrong in words fit for a
//! message, and never panics.

use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::text;

/// A code sent as a string or a number, as bounded text. `None` for other JSON types.
pub(crate) fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(text::server_text(s)),
        Value::Number(n) if n.as_f64() == Some(0.0) => Some(String::from("0")),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
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

/// A text field: a string, or a number written as text; absent or `null` gives `""`.
pub(crate) fn text_field(value: Option<Value>, name: &str) -> Result<String, String> {
    match value {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(format!("{name} is {}, not text", type_name(&other))),
    }
}

/// An optional text field: absent or `null` gives `None`.
pub(crate) fn optional_text_field(
    value: Option<Value>,
    name: &str,
) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        other => text_field(other, name).map(Some),
    }
}

/// A non-negative integer sent as a number or a decimal string; absent, `null` or `""` gives
/// `None`.
pub(crate) fn u64_field(value: Option<Value>, name: &str) -> Result<Option<u64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{name} is {n}, not a non-negative integer")),
        Some(Value::String(s)) => {
            let digits = s.trim();
            if digits.is_empty() {
                Ok(None)
            } else if digits.bytes().all(|b| b.is_ascii_digit()) {
                digits
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name} is too large"))
            } else {
                Err(format!(
                    "{name} is \"{}\", not a non-negative integer",
                    text::server_text(&s)
                ))
            }
        }
        Some(other) => Err(format!("{name} is {}, not an integer", type_name(&other))),
    }
}

/// A signed integer sent as a number or a string; required.
pub(crate) fn i64_field(value: Option<Value>, name: &str) -> Result<i64, String> {
    match value {
        None | Some(Value::Null) => Err(format!("{name} is missing")),
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| format!("{name} is {n}, not an integer")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| format!("{name} is \"{}\", not an integer", text::server_text(&s))),
        Some(other) => Err(format!("{name} is {}, not an integer", type_name(&other))),
    }
}

/// Writes the unknown fields kept in `extra` into a map being serialised, except those whose
/// names the type writes itself (`written`), so that no key appears twice.
pub(crate) fn extra_entries<M: SerializeMap>(
    map: &mut M,
    extra: &Map<String, Value>,
    written: &[&str],
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !written.contains(&key.as_str()) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// An array of objects, each read by `read` with its path (`name[i]`); absent or `null` is
/// empty.
pub(crate) fn array_of<T>(
    value: Value,
    name: &str,
    mut read: impl FnMut(Map<String, Value>, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) => read(map, &format!("{name}[{i}]")),
                other => Err(format!(
                    "{name}[{i}] is {}, not an object",
                    type_name(&other)
                )),
            })
            .collect(),
        other => Err(format!("{name} is {}, not an array", type_name(&other))),
    }
}

/// The fields every Certificate Manager answer may carry (SPEC §12): `returnCode` (required,
/// a string or a number), `returnMessage`, and a count named `totalRows` or `totalCount`
/// depending on the operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub return_code: String,
    pub return_message: String,
    pub total: Option<u64>,
}

impl Envelope {
    /// Takes the envelope's fields out of `object`, leaving the operation's own fields.
    pub(crate) fn take(object: &mut Map<String, Value>) -> Result<Envelope, String> {
        let return_code = match object.shift_remove("returnCode") {
            None => return Err(String::from("returnCode is missing")),
            Some(value) => code_text(&value).ok_or_else(|| {
                format!(
                    "returnCode is {}, not a string or number",
                    type_name(&value)
                )
            })?,
        };
        let return_message = text_field(object.shift_remove("returnMessage"), "returnMessage")?;
        let mut total = None;
        for name in ["totalRows", "totalCount"] {
            if let Some(value) = object.shift_remove(name) {
                total = total.or(u64_field(Some(value), name)?);
            }
        }
        Ok(Envelope {
            return_code,
            return_message,
            total,
        })
    }
}
