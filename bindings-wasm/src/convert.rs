//! Native conversion at the boundary: JavaScript values in (as `serde_json::Value`, which the
//! core's host surface reads), JavaScript objects out (maps as plain objects, integers as
//! numbers), and the core's [`HostError`] thrown as an object of the same shape.

use ncpcert::host::HostError;
use ncpcert::ErrorCode;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use serde_wasm_bindgen::{Deserializer, Serializer};
use std::fmt;
use wasm_bindgen::JsValue;

/// Plain objects for maps, numbers for integers, `null` for `None`: what `JSON.parse` of the
/// core's JSON gives.
const OUT: Serializer = Serializer::json_compatible();

/// As deep as serde_json reads JSON text: deeper values are refused rather than followed
/// down the WebAssembly stack.
const MAX_DEPTH: usize = 128;

/// A JavaScript value as JSON: `null`, `undefined` (as `null`), booleans, finite numbers
/// (safe integers as integers), bigints within 64 bits, strings, arrays and plain objects.
/// Anything else (a function, a symbol, a non-finite number, bytes, a cycle or nesting deeper
/// than 128) is refused: JSON could not carry it, and dropping it would make a given value
/// look absent. The error says where (`extra.deep[0]: …`).
pub fn input(value: JsValue) -> Result<Value, String> {
    Json { depth: 0 }
        .deserialize(Deserializer::from(value))
        .map_err(|e| {
            let text = e.to_string();
            let text = text.strip_prefix('.').unwrap_or(&text);
            text.strip_prefix(": ").unwrap_or(text).to_owned()
        })
}

/// A result as a JavaScript object.
pub fn output<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&OUT).map_err(|e| {
        // A number beyond 2^53 in an answer, which a JavaScript number cannot hold exactly.
        thrown(HostError::coded(
            ErrorCode::InternalEngine,
            format!("the result cannot be given to JavaScript: {e}"),
        ))
    })
}

/// The error as the object the JavaScript layer turns into its `NcpError` subclass.
pub fn thrown(error: HostError) -> JsValue {
    error
        .serialize(&OUT)
        .unwrap_or_else(|_| JsValue::from_str(error.message()))
}

/// `result` with its error thrown.
pub fn host<T: Serialize>(result: Result<T, HostError>) -> Result<JsValue, JsValue> {
    output(&result.map_err(thrown)?)
}

/// An argument read with [`input`], or an `argument.invalid` error naming it.
pub fn argument(value: JsValue, what: &str) -> Result<Value, JsValue> {
    input(value).map_err(|why| {
        thrown(HostError::argument(format!(
            "the {what} cannot be read: {why}"
        )))
    })
}

/// Builds one `Value` from the JavaScript value, `depth` levels down.
struct Json {
    depth: usize,
}

impl Json {
    fn deeper<E: de::Error>(&self) -> Result<Json, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                ": nested deeper than {MAX_DEPTH} levels; give a flatter value"
            )));
        }
        Ok(Json {
            depth: self.depth + 1,
        })
    }
}

/// The error of a value under `at` (`.key` or `[index]`), with the path to where it failed.
fn under<E: de::Error>(at: fmt::Arguments<'_>, e: E) -> E {
    let inner = e.to_string();
    if inner.starts_with(['.', '[', ':']) {
        E::custom(format_args!("{at}{inner}"))
    } else {
        E::custom(format_args!("{at}: {inner}"))
    }
}

impl<'de> DeserializeSeed<'de> for Json {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Json {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null, a boolean, a number, a string, an array or a plain object")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            E::custom(format_args!(
                ": {v} is not a finite number, which JSON cannot carry; give a finite number"
            ))
        })
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let item = self.deeper()?;
            match seq.next_element_seed(item) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => return Err(under(format_args!("[{}]", items.len()), e)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map
                .next_value_seed(self.deeper()?)
                .map_err(|e| under(format_args!(".{key}"), e))?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}
