//! The one `Deserializer` every answer type is read with: a borrowed `serde_json::Value`, whose
//! errors carry the path of the value that failed (`orders[0].certificates[1].statusCode`).
//!
//! Each answer type's derived `Deserialize` is compiled for this deserializer alone (the
//! answers are parsed to a `Value` first, whatever the host gave), which keeps the npm
//! `.wasm` within its download budget: a second deserializer, or a path-tracking wrapper
//! around `serde_json`'s own, compiles every type's reader again. The path is made on the
//! way out: each array element and object member that fails adds its index or key.
//!
//! The messages are `serde_json`'s (`invalid type: string "x", expected an integer`), which
//! `fields::describe` turns into sentences; a float is written the way `serde_json` writes it,
//! so that no other float formatting is compiled in.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::Value;
use std::fmt;

/// A failure and where it happened.
#[derive(Debug)]
pub(crate) struct Error {
    message: String,
    /// Innermost first: segments are added as the error leaves each array and object.
    path: Vec<Segment>,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Error {
    fn at(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }

    /// The path as `serde_path_to_error` writes it: `.` for the value itself, else keys
    /// joined by `.` and indexes as `[i]` (`orders[0].certificateNo`).
    pub(crate) fn path(&self) -> String {
        if self.path.is_empty() {
            return String::from(".");
        }
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
        }
        out
    }

    /// What failed, without the path.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            path: Vec::new(),
        }
    }

    #[cold]
    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        let got = unexpected_text(&unexpected);
        de::Error::custom(format_args!("invalid type: {got}, expected {expected}"))
    }

    #[cold]
    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        let got = unexpected_text(&unexpected);
        de::Error::custom(format_args!("invalid value: {got}, expected {expected}"))
    }
}

/// An unexpected value in `serde_json`'s words (`null` for unit, a float as `serde_json`
/// writes numbers), else in `serde`'s.
fn unexpected_text(unexpected: &Unexpected) -> String {
    match *unexpected {
        Unexpected::Unit => String::from("null"),
        Unexpected::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => format!("floating point `{n}`"),
            None => String::from("floating point"),
        },
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Bytes(_) => String::from("byte array"),
        Unexpected::Option => String::from("Option value"),
        Unexpected::NewtypeStruct => String::from("newtype struct"),
        Unexpected::Seq => String::from("sequence"),
        Unexpected::Map => String::from("map"),
        Unexpected::Enum => String::from("enum"),
        Unexpected::UnitVariant => String::from("unit variant"),
        Unexpected::NewtypeVariant => String::from("newtype variant"),
        Unexpected::TupleVariant => String::from("tuple variant"),
        Unexpected::StructVariant => String::from("struct variant"),
        Unexpected::Other(other) => other.to_owned(),
    }
}

/// Reads `T` from `value`.
pub(crate) fn deserialize<'a, T: de::Deserialize<'a>>(value: &'a Value) -> Result<T, Error> {
    T::deserialize(ValueDeserializer(value))
}

/// A `Value` as a `Deserializer`, the way `serde_json`'s `&Value` deserializes, plus paths.
#[derive(Clone, Copy)]
pub(crate) struct ValueDeserializer<'a>(pub(crate) &'a Value);

impl<'de> Deserializer<'de> for ValueDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    visitor.visit_u64(n)
                } else if let Some(n) = n.as_i64() {
                    visitor.visit_i64(n)
                } else {
                    // Without `arbitrary_precision`, every other number is a finite float.
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_array(items, visitor),
            Value::Object(members) => visit_object(members, visitor),
        }
    }

    // What only an object, an array or a string can be is refused from anything else without
    // calling the visitor (as `serde_json` does), so that a struct's reader is not compiled
    // with the visitor methods that would refuse it.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visit_array(items, visitor),
            Value::Object(members) => visit_object(members, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => visit_object(members, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visit_array(items, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant from its name; any other value is refused by the visitor.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct identifier
    }
}

/// `invalid type: map, expected …` for `value`, in `serde_json`'s words.
#[cold]
fn invalid_type(value: &Value, expected: &dyn de::Expected) -> Error {
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(n), _) => Unexpected::Unsigned(n),
            (None, Some(n)) => Unexpected::Signed(n),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    de::Error::invalid_type(unexpected, expected)
}

/// Visits `items`; all of them must be read.
fn visit_array<'de, V: Visitor<'de>>(items: &'de [Value], visitor: V) -> Result<V::Value, Error> {
    let mut seq = Seq {
        items: items.iter(),
        index: 0,
    };
    let out = visitor.visit_seq(&mut seq)?;
    if seq.items.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        ))
    }
}

/// Visits `members`; all of them must be read.
fn visit_object<'de, V: Visitor<'de>>(
    members: &'de serde_json::Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut map = Members {
        members: members.iter(),
        value: None,
    };
    let out = visitor.visit_map(&mut map)?;
    if map.members.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(
            members.len(),
            &"fewer elements in map",
        ))
    }
}

/// The elements of an array; an element's failure gets its index.
struct Seq<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(ValueDeserializer(item))
            .map(Some)
            .map_err(|e| e.at(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object; a member's failure gets its key.
struct Members<'a> {
    members: serde_json::map::Iter<'a>,
    value: Option<(&'a str, &'a Value)>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(key))
            .map(Some)
            .map_err(|e| e.at(Segment::Key(key.clone())))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some((key, value)) => seed
                .deserialize(ValueDeserializer(value))
                .map_err(|e| e.at(Segment::Key(key.to_owned()))),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}
