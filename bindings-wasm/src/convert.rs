//! Native conversion at the boundary: JavaScript values in (as `serde_json::Value`, which the
//! core's host surface reads), JavaScript objects out (plain objects, arrays, numbers, strings,
//! booleans and `null`: what `JSON.parse` of the core's JSON would give), and the core's
//! [`HostError`] thrown as an object of the same shape.
//!
//! Both directions walk a `serde_json::Value` with a few JavaScript calls (`js.rs`). The
//! typed results are serialised into a `Value` first, so that the code per result type is
//! serde_json's value serialiser alone. (Measured against `serde-wasm-bindgen`, whose serialiser is
//! monomorphised once more for every result type and whose deserialiser's messages pull in
//! the standard library's float formatting: about 15 KB more of the gzipped full module.)

use crate::js::{self, JsArray, JsObject};
use ncpcert::host::HostError;
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

/// As deep as serde_json reads JSON text: deeper values (or a cycle) are refused rather than
/// followed down the WebAssembly stack.
const MAX_DEPTH: usize = 128;

/// A JavaScript value as JSON: `null` and `undefined` (as `null`), booleans, finite numbers
/// (safe integers as integers), bigints within 64 bits, strings, arrays and objects (their own
/// enumerable properties). Anything else (a function, a symbol, a non-finite number, a bigint
/// beyond 64 bits, a cycle or nesting deeper than 128) is refused: JSON could not carry it,
/// and dropping it would make a given value look absent. The error says where
/// (`extra.deep[0]: …`).
pub fn input(value: &JsValue) -> Result<Value, String> {
    json(value, 0).map_err(|e| {
        let e = e.strip_prefix('.').unwrap_or(&e);
        e.strip_prefix(": ").unwrap_or(e).to_owned()
    })
}

/// Errors are `": why"` at the value that failed, prefixed by `.key` and `[index]` on the way
/// up.
fn json(value: &JsValue, depth: usize) -> Result<Value, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        if js::is_safe_integer(value) {
            return Ok(Value::from(n as i64));
        }
        return serde_json::Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| {
                let n = if n.is_nan() {
                    "NaN"
                } else if n > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                };
                format!(
                    ": {n} is not a finite number, which JSON cannot carry; give a finite number"
                )
            });
    }
    if value.is_string() {
        return text(value).map(Value::String);
    }
    if value.is_bigint() {
        return match i64::try_from(value.clone()) {
            Ok(n) => Ok(Value::from(n)),
            Err(big) => u64::try_from(big)
                .map(Value::from)
                .map_err(|_| ": a bigint beyond 64 bits; give a smaller number".to_owned()),
        };
    }
    if !value.is_object() {
        let kind = value.js_typeof().as_string().unwrap_or_default();
        return Err(format!(
            ": a {kind}, which JSON cannot carry; give its text or number"
        ));
    }
    if depth >= MAX_DEPTH {
        return Err(format!(
            ": nested deeper than {MAX_DEPTH} levels; give a flatter value"
        ));
    }
    if js::is_array(value) {
        let array: &JsArray = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for i in 0..array.length() {
            items.push(json(&array.get(i), depth + 1).map_err(|e| under(&format!("[{i}]"), e))?);
        }
        return Ok(Value::Array(items));
    }
    let mut fields = Map::new();
    let entries = js::entries(value);
    for i in 0..entries.length() {
        let entry: JsArray = entries.get(i).unchecked_into();
        let key = text(&entry.get(0)).map_err(|e| under(".(a key)", e))?;
        let item = json(&entry.get(1), depth + 1).map_err(|e| under(&format!(".{key}"), e))?;
        fields.insert(key, item);
    }
    Ok(Value::Object(fields))
}

/// A string as Rust text. One holding a lone surrogate is not text: the conversion to UTF-8
/// would silently make it U+FFFD, a different name.
fn text(value: &JsValue) -> Result<String, String> {
    if !value.unchecked_ref::<js::JsString>().is_well_formed() {
        return Err(
            ": a string holding a lone surrogate, which is not text; give well-formed text"
                .to_owned(),
        );
    }
    Ok(value.as_string().unwrap_or_default())
}

fn under(at: &str, e: String) -> String {
    let mut out = String::with_capacity(at.len() + e.len());
    out.push_str(at);
    out.push_str(&e);
    out
}

/// A JSON value as the JavaScript value `JSON.parse` would make of its text.
fn js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        // A JavaScript number, rounded beyond 2^53 as JSON.parse rounds it.
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            let array = JsArray::new();
            for item in items {
                array.push(&js(item));
            }
            array.into()
        }
        Value::Object(fields) => {
            let object = JsObject::new();
            for (key, item) in fields {
                // Setting a property of a fresh plain object cannot fail.
                let _ = js::set(&object, &JsValue::from_str(key), &js(item));
            }
            object.into()
        }
    }
}

/// A result as a JavaScript object.
pub fn output<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // The results are text, numbers, booleans and lists and maps of them with text keys:
    // serialising them into a Value cannot fail.
    js(&serde_json::to_value(value).unwrap_or_default())
}

/// The error as the object the JavaScript layer turns into its `NcpError` subclass.
pub fn thrown(error: HostError) -> JsValue {
    output(&error)
}

/// `result` as a JavaScript object, its error thrown.
pub fn host<T: Serialize>(result: Result<T, HostError>) -> Result<JsValue, JsValue> {
    result.map(|value| output(&value)).map_err(thrown)
}

/// An argument read with [`input`], or an `argument.invalid` error naming it.
pub fn argument(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    input(value).map_err(|why| {
        thrown(HostError::argument(format!(
            "the {what} cannot be read: {why}"
        )))
    })
}
