//! Reading NCP's answers with derived serde, where NCP is inconsistent: numbers sent as
//! strings, codes sent as numbers, `null` for absent. Each leniency is a `serde_with` adapter
//! (`#[serde_as(as = "Count")]`, …), shared by every answer type; [`from_value`] reads a type
//! and says what is wrong with the path of the field (`orders[0].certificates[1].statusCode`),
//! in words fit for a message. Nothing here panics.

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value;
use serde_with::DeserializeAs;
use std::fmt;

use super::{text, value_de};

/// Reads `T` from `value`; on failure, what is wrong and where, e.g. `paidCertificate.statusCode
/// is "x", not an integer` or `orders[0].certificateNo is missing`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    from_value_at(value, "")
}

/// [`from_value`] for a value found under `name` in the answer (`name` starts its paths).
pub(crate) fn from_value_at<T: DeserializeOwned>(value: Value, name: &str) -> Result<T, String> {
    value_de::deserialize(&value).map_err(|e| {
        let path = match e.path() {
            path if path == "." && !name.is_empty() => name.to_owned(),
            path if path == "." || path.starts_with('[') || name.is_empty() => {
                format!("{name}{path}")
            }
            path => format!("{name}.{path}"),
        };
        describe(&path, e.message())
    })
}

/// `serde`'s words for a failure at `path`, as a sentence about the field. Every failure the
/// adapters below raise goes through `invalid_type`, `invalid_value` or `missing_field`.
fn describe(path: &str, error: &str) -> String {
    let at = |field: &str| {
        if path == "." {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(field) = error
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return format!("{} is missing", at(field));
    }
    if let Some(field) = error
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return format!("{} is sent twice (under two of its names)", at(field));
    }
    let path = if path == "." { "the answer" } else { path };
    if error.starts_with("is ") {
        // The adapters' own phrases ("is missing").
        return format!("{path} {error}");
    }
    // A wrong type is named by its type ("is a string, not an object"), a wrong value by the
    // value ("is \"abc\", not an integer"): the adapters raise the latter.
    if let Some((got, want)) = error
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        return format!("{path} is {}, not {want}", type_sent(got));
    }
    if let Some((got, want)) = error
        .strip_prefix("invalid value: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        return format!("{path} is {}, not {want}", value_sent(got));
    }
    format!("{path}: {}", text::server_text(error))
}

/// `serde_json`'s name for the type of an unexpected value (`sequence`, `map`, `string "x"`,
/// `integer `5``, …) in the words of the messages.
fn type_sent(got: &str) -> &'static str {
    match got.split_once(' ').map_or(got, |(kind, _)| kind) {
        "sequence" => "an array",
        "map" => "an object",
        "null" | "unit" => "null",
        "string" | "char" => "a string",
        "integer" | "floating" => "a number",
        "boolean" => "a boolean",
        _ => "of another type",
    }
}

/// An unexpected value as `serde_json` quotes it (`string "x"`, `integer `5``, …), bounded.
fn value_sent(got: &str) -> String {
    match got.split_once(' ') {
        Some(("string", quoted)) => text::server_text(quoted),
        Some(("integer" | "floating" | "boolean", _)) => {
            text::server_text(got.rsplit('`').nth(1).unwrap_or(got))
        }
        _ => type_sent(got).to_owned(),
    }
}

/// A JSON scalar, as the adapters see it.
enum Scalar {
    Null,
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    /// A number written as text the way `serde_json` writes it (`1.0` stays `1.0`).
    fn number_text(&self) -> Option<String> {
        match self {
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Float(f) => serde_json::Number::from_f64(*f).map(|n| n.to_string()),
            _ => None,
        }
    }

    /// The value for an `invalid_value` error.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Scalar::Null => Unexpected::Unit,
            Scalar::Unsigned(n) => Unexpected::Unsigned(*n),
            Scalar::Signed(n) => Unexpected::Signed(*n),
            Scalar::Float(f) => Unexpected::Float(*f),
            Scalar::Text(s) => Unexpected::Str(s),
        }
    }
}

/// Reads a scalar: `null`, a number or a string; anything else is an error expecting
/// `expecting`. One visitor for every adapter, so that it is compiled once.
fn scalar<'de, D: Deserializer<'de>>(d: D, expecting: &'static str) -> Result<Scalar, D::Error> {
    struct ScalarVisitor(&'static str);

    impl<'de> Visitor<'de> for ScalarVisitor {
        type Value = Scalar;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_unit<E>(self) -> Result<Scalar, E> {
            Ok(Scalar::Null)
        }
        fn visit_none<E>(self) -> Result<Scalar, E> {
            Ok(Scalar::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_u64<E>(self, n: u64) -> Result<Scalar, E> {
            Ok(Scalar::Unsigned(n))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Scalar, E> {
            Ok(Scalar::Signed(n))
        }
        fn visit_f64<E>(self, f: f64) -> Result<Scalar, E> {
            Ok(Scalar::Float(f))
        }
        fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
            Ok(Scalar::Text(s.to_owned()))
        }
        fn visit_string<E>(self, s: String) -> Result<Scalar, E> {
            Ok(Scalar::Text(s))
        }
    }

    d.deserialize_any(ScalarVisitor(expecting))
}

/// `returnCode`: a string (kept as bounded text) or a number (`0` and `0.0` read `"0"`).
pub(crate) struct Code;

impl<'de> DeserializeAs<'de, String> for Code {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match scalar(d, "a string or number")? {
            Scalar::Text(s) => Ok(text::server_text(&s)),
            Scalar::Float(0.0) => Ok(String::from("0")),
            other => other
                .number_text()
                .ok_or_else(|| de::Error::invalid_value(other.unexpected(), &"a string or number")),
        }
    }
}

/// The same as [`Code`], for a value that may be `null` (`None`).
impl<'de> DeserializeAs<'de, Option<String>> for Code {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match scalar(d, "a string or number")? {
            Scalar::Null => Ok(None),
            Scalar::Text(s) => Ok(Some(text::server_text(&s))),
            other => other
                .number_text()
                .map(Some)
                .ok_or_else(|| de::Error::invalid_value(other.unexpected(), &"a string or number")),
        }
    }
}

/// Text: a string, or a number written as text; `null` reads as `""` (or `None` for an
/// `Option`).
pub(crate) struct Text;

impl<'de> DeserializeAs<'de, String> for Text {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        <Text as DeserializeAs<Option<String>>>::deserialize_as(d).map(Option::unwrap_or_default)
    }
}

impl<'de> DeserializeAs<'de, Option<String>> for Text {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match scalar(d, "text")? {
            Scalar::Null => Ok(None),
            Scalar::Text(s) => Ok(Some(s)),
            number => Ok(number.number_text()),
        }
    }
}

/// Text of which an empty string means "not sent": `""` and `null` read as `None`.
pub(crate) struct NonEmptyText;

impl<'de> DeserializeAs<'de, Option<String>> for NonEmptyText {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        <Text as DeserializeAs<Option<String>>>::deserialize_as(d)
            .map(|text| text.filter(|t| !t.is_empty()))
    }
}

/// A non-negative integer sent as a number or a decimal string (surrounding spaces allowed);
/// `null` and `""` read as `None`, and are "missing" where the number is required.
pub(crate) struct Count;

impl<'de> DeserializeAs<'de, Option<u64>> for Count {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        const WANT: &str = "a non-negative integer";
        match scalar(d, WANT)? {
            Scalar::Null => Ok(None),
            Scalar::Unsigned(n) => Ok(Some(n)),
            Scalar::Text(s) => {
                let digits = s.trim();
                if digits.is_empty() {
                    Ok(None)
                } else if digits.bytes().all(|b| b.is_ascii_digit()) {
                    digits.parse().map(Some).map_err(|_| {
                        de::Error::invalid_value(Unexpected::Str(&s), &"an integer below 2^64")
                    })
                } else {
                    Err(de::Error::invalid_value(Unexpected::Str(&s), &WANT))
                }
            }
            other => Err(de::Error::invalid_value(other.unexpected(), &WANT)),
        }
    }
}

impl<'de> DeserializeAs<'de, u64> for Count {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        <Count as DeserializeAs<Option<u64>>>::deserialize_as(d)?
            .ok_or_else(|| de::Error::custom("is missing"))
    }
}

/// A signed integer sent as a number or a string (surrounding spaces allowed). Required:
/// `null` is an error. As an `Option`, `null` and `""` read as `None`.
pub(crate) struct Integer;

impl<'de> DeserializeAs<'de, Option<i64>> for Integer {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        const WANT: &str = "an integer";
        let value = scalar(d, WANT)?;
        let n = match &value {
            Scalar::Null => return Ok(None),
            Scalar::Text(s) if s.trim().is_empty() => return Ok(None),
            Scalar::Unsigned(n) => i64::try_from(*n).ok(),
            Scalar::Signed(n) => Some(*n),
            Scalar::Float(_) => None,
            Scalar::Text(s) => s.trim().parse().ok(),
        };
        n.map(Some)
            .ok_or_else(|| de::Error::invalid_value(value.unexpected(), &WANT))
    }
}

impl<'de> DeserializeAs<'de, i64> for Integer {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        const WANT: &str = "an integer";
        let value = scalar(d, WANT)?;
        let n = match &value {
            Scalar::Unsigned(n) => i64::try_from(*n).ok(),
            Scalar::Signed(n) => Some(*n),
            Scalar::Text(s) => s.trim().parse().ok(),
            Scalar::Null | Scalar::Float(_) => None,
        };
        n.ok_or_else(|| de::Error::invalid_value(value.unexpected(), &WANT))
    }
}

/// A list that may be sent as `null` (read as empty).
pub(crate) fn list_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

/// For a field ncpcert writes itself from other fields (`status`, `validated`, …): whatever
/// the answer holds under that name is read and dropped, so that the name appears once in
/// the JSON; the value is set from the fields it derives from once the answer is read.
pub(crate) fn derived<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default,
{
    IgnoredAny::deserialize(d).map(|_| T::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_with::serde_as;

    /// Shaped like the answer types: every one keeps the fields it does not know, which also
    /// makes serde read it from an object only (never from an array, by position).
    #[serde_as]
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", expecting = "an object")]
    struct Sample {
        #[serde_as(as = "Count")]
        certificate_no: u64,
        #[serde_as(as = "Option<Vec<Integer>>")]
        #[serde(default)]
        codes: Option<Vec<i64>>,
        #[serde(flatten)]
        _extra: serde_json::Map<String, Value>,
    }

    fn read(json: &str) -> Result<Sample, String> {
        from_value(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn messages_name_the_field_and_what_was_sent() {
        let cases = [
            (r#"{}"#, "certificateNo is missing"),
            (r#"{"certificateNo":null}"#, "certificateNo is missing"),
            (r#"{"certificateNo":""}"#, "certificateNo is missing"),
            (
                r#"{"certificateNo":-1}"#,
                "certificateNo is -1, not a non-negative integer",
            ),
            (
                r#"{"certificateNo":1.5}"#,
                "certificateNo is 1.5, not a non-negative integer",
            ),
            (
                r#"{"certificateNo":"+5"}"#,
                "certificateNo is \"+5\", not a non-negative integer",
            ),
            (
                r#"{"certificateNo":[]}"#,
                "certificateNo is an array, not a non-negative integer",
            ),
            (
                r#"{"certificateNo":{}}"#,
                "certificateNo is an object, not a non-negative integer",
            ),
            (
                r#"{"certificateNo":"99999999999999999999"}"#,
                "certificateNo is \"99999999999999999999\", not an integer below 2^64",
            ),
            (
                r#"{"certificateNo":1,"codes":[1,"x"]}"#,
                "codes[1] is \"x\", not an integer",
            ),
            (r#"[5]"#, "the answer is an array, not an object"),
        ];
        for (json, want) in cases {
            assert_eq!(read(json).unwrap_err(), want, "{json}");
        }
        let ok = read(r#"{"certificateNo":" 7 ","codes":["-3",4]}"#).unwrap();
        assert_eq!((ok.certificate_no, ok.codes), (7, Some(vec![-3, 4])));
    }

    #[test]
    fn long_server_text_is_bounded_in_messages() {
        let long = "x".repeat(10_000);
        let e = read(&format!(r#"{{"certificateNo":"{long}"}}"#)).unwrap_err();
        assert!(e.len() < 400, "{}", e.len());
        assert!(e.contains("truncated"));
    }
}
