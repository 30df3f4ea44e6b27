//! Serialising the normalised body exactly as SPEC §4 orders it.

use super::fields::*;
use super::validate::Body;
use serde_json::{Map, Value};

/// Compact JSON: known fields in table order (`dnsName` left out when empty,
/// `organizationNo` only when kept), then the pass-through fields in the order given.
pub(super) fn to_json(body: &Body, extra: &Map<String, Value>) -> String {
    let mut map = Map::with_capacity(BODY_FIELDS.len() + extra.len());
    map.insert(CSR.into(), Value::String(body.csr_pem.clone()));
    map.insert(
        CERTIFICATE_TYPE.into(),
        body.certificate_type.as_str().into(),
    );
    map.insert(
        CERTIFICATE_NAME.into(),
        body.certificate_name.clone().into(),
    );
    map.insert(COMMON_NAME.into(), body.common_name.clone().into());
    if !body.dns_names.is_empty() {
        map.insert(DNS_NAME.into(), body.dns_names.clone().into());
    }
    map.insert(
        VALIDATION_METHOD.into(),
        body.validation_method.as_str().into(),
    );
    if let Some(n) = body.organization_no {
        map.insert(ORGANIZATION_NO.into(), n.into());
    }
    for (key, value) in extra {
        // Validation refuses extras that repeat a body field, so this never overwrites one.
        map.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(map).to_string()
}
