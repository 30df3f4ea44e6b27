//! The request body as `prepare` sends it: its type, whose derived serialisation is
//! the body's JSON, and the names of its fields.

use super::{CertificateType, ValidationMethod};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The request after validation and normalisation. Serialised in field order: `dnsName` left
/// out when empty, `organizationNo` only when kept (never for DV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Body {
    /// The CSR as canonical PEM.
    pub(crate) csr: String,
    pub(crate) certificate_type: CertificateType,
    pub(crate) certificate_name: String,
    /// Lower-cased A-labels.
    pub(crate) common_name: String,
    /// Lower-cased A-labels, repeats removed (first occurrence kept).
    #[serde(rename = "dnsName", default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) dns_names: Vec<String>,
    pub(crate) validation_method: ValidationMethod,
    /// `None` for DV, whatever was given (B2b).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) organization_no: Option<i64>,
}

impl Body {
    /// Compact JSON: the body's fields, then the pass-through fields in the order given.
    /// Validation refuses pass-through fields that repeat a body field, so no name appears
    /// twice.
    pub(crate) fn to_json(&self, extra: &Map<String, Value>) -> String {
        #[derive(Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        struct WithExtra<'a> {
            #[serde(flatten)]
            body: &'a Body,
            #[serde(flatten)]
            extra: &'a Map<String, Value>,
        }
        // Strings, integers and JSON values with string keys always serialise.
        serde_json::to_string(&WithExtra { body: self, extra }).unwrap_or_default()
    }

    /// The JSON names of the body's fields, in the order they are written: what an unknown
    /// field of a request is compared with, and what a pass-through field may not repeat.
    pub(crate) fn field_names() -> &'static [&'static str] {
        struct_field_names::<Body>()
    }
}

/// The JSON names of a struct's fields, as its derived `Deserialize` declares them: serde
/// hands them to `Deserializer::deserialize_struct`, and this deserializer only records them.
/// A struct with a `#[serde(flatten)]` field declares none (it is read as a map).
fn struct_field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct FieldNames(&'static [&'static str]);

    impl<'de> Deserializer<'de> for &mut FieldNames {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only a struct's field names are read"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            self.deserialize_any(visitor)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    let mut names = FieldNames(&[]);
    // Always an error: the names are all that is wanted.
    let _ = T::deserialize(&mut names);
    names.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::fields::*;

    #[test]
    fn field_names_are_the_spec_table_in_order() {
        // SPEC §4's table, and the names findings and the JSON reader use.
        assert_eq!(
            Body::field_names(),
            [
                "csr",
                "certificateType",
                "certificateName",
                "commonName",
                "dnsName",
                "validationMethod",
                "organizationNo"
            ]
        );
        assert_eq!(
            Body::field_names(),
            [
                CSR,
                CERTIFICATE_TYPE,
                CERTIFICATE_NAME,
                COMMON_NAME,
                DNS_NAME,
                VALIDATION_METHOD,
                ORGANIZATION_NO
            ]
        );
    }

    #[test]
    fn optional_fields_are_left_out_and_extras_follow_in_order() {
        let body = Body {
            csr: "C".into(),
            certificate_type: CertificateType::Dv,
            certificate_name: "n".into(),
            common_name: "a.example".into(),
            dns_names: Vec::new(),
            validation_method: ValidationMethod::PersistentDns,
            organization_no: None,
        };
        let mut extra = Map::new();
        extra.insert("zeta".into(), Value::from(1));
        extra.insert("alpha".into(), serde_json::json!({"b": [true, null]}));
        assert_eq!(
            body.to_json(&extra),
            r#"{"csr":"C","certificateType":"NCP_PAID_DV_01","certificateName":"n","commonName":"a.example","validationMethod":"PD","zeta":1,"alpha":{"b":[true,null]}}"#
        );
        let ov = Body {
            certificate_type: CertificateType::Ov,
            dns_names: vec!["a.example".into()],
            organization_no: Some(7),
            ..body
        };
        assert_eq!(
            ov.to_json(&Map::new()),
            r#"{"csr":"C","certificateType":"NCP_PAID_OV_01","certificateName":"n","commonName":"a.example","dnsName":["a.example"],"validationMethod":"PD","organizationNo":7}"#
        );
    }
}
