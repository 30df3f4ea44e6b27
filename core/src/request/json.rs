//! Reading a request from JSON that uses the API's field names.
//!
//! Only a document that is not an object is refused outright. Every other problem (a field of
//! the wrong type, an unknown key) becomes a finding kept in the request, so that `validate`
//! reports it together with everything else.

use super::body::Body;
use super::fields::*;
use super::AdvancedCertificateRequest;
use crate::report::{Code, Finding, Policy, Report};
use serde_json::Value;

pub(super) fn from_json_text(text: &str) -> Result<AdvancedCertificateRequest, Report> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => from_json_value(&value),
        Err(e) => Err(request_invalid(format!(
            "the request is not valid JSON ({e}); send a JSON object such as \
             {{\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----…\", \"certificateType\": \"DV\", …}}"
        ))),
    }
}

pub(super) fn from_json_value(value: &Value) -> Result<AdvancedCertificateRequest, Report> {
    let Value::Object(map) = value else {
        return Err(request_invalid(format!(
            "the request is a JSON {}, not an object; send an object with the API's field names",
            type_name(value)
        )));
    };
    let mut req = AdvancedCertificateRequest::default();
    let mut found = Vec::new();
    for (key, value) in map {
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            CSR => {
                req.csr =
                    string_field(key, value, Code::CsrMalformed, &mut found).map(String::into_bytes)
            }
            CERTIFICATE_TYPE => {
                if let Some(text) =
                    string_field(key, value, Code::CertificateTypeInvalid, &mut found)
                {
                    req.set_certificate_type(&text);
                }
            }
            CERTIFICATE_NAME => {
                req.certificate_name =
                    string_field(key, value, Code::CertificateNameInvalid, &mut found)
            }
            COMMON_NAME => {
                req.common_name = string_field(key, value, Code::CommonNameInvalid, &mut found)
            }
            DNS_NAME => req.dns_names = dns_names(value, &mut found),
            VALIDATION_METHOD => {
                if let Some(text) =
                    string_field(key, value, Code::ValidationMethodInvalid, &mut found)
                {
                    req.set_validation_method(&text);
                }
            }
            ORGANIZATION_NO => req.organization_no = organization_no(value, &mut found),
            EXTRA => match value {
                Value::Object(extra) => req.extra = extra.clone(),
                other => found.push(Finding::new(
                    Code::ExtraInvalid,
                    EXTRA,
                    format!(
                        "`extra` must be an object of pass-through fields, not a {}",
                        type_name(other)
                    ),
                )),
            },
            unknown => found.push(unknown_field(unknown)),
        }
    }
    req.input_findings = found;
    Ok(req)
}

fn request_invalid(message: String) -> Report {
    Report::from_findings(
        vec![Finding::new(Code::RequestInvalid, "", message)],
        &Policy::default(),
    )
}

fn string_field(key: &str, value: &Value, code: Code, found: &mut Vec<Finding>) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        other => {
            found.push(Finding::new(
                code,
                key,
                format!("`{key}` must be a string, not a {}", type_name(other)),
            ));
            None
        }
    }
}

fn dns_names(value: &Value, found: &mut Vec<Finding>) -> Vec<String> {
    let Value::Array(items) = value else {
        found.push(Finding::new(
            Code::DnsNameInvalid,
            DNS_NAME,
            format!(
                "`dnsName` must be an array of domain names, not a {}; write [\"example.com\"] even for one name",
                type_name(value)
            ),
        ));
        return Vec::new();
    };
    let mut names = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => names.push(s.clone()),
            other => found.push(Finding::new(
                Code::DnsNameInvalid,
                format!("{DNS_NAME}[{i}]"),
                format!(
                    "`dnsName[{i}]` must be a string, not a {}",
                    type_name(other)
                ),
            )),
        }
    }
    names
}

fn organization_no(value: &Value, found: &mut Vec<Finding>) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let what = match value {
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => {
            format!("the number {n}, which is not a whole number")
        }
        Value::Number(n) => format!("the number {n}, which is out of range"),
        Value::String(s) if s.trim().parse::<u64>().is_ok() => {
            format!("the string {s:?}; send it as a JSON number, without quotes")
        }
        other => format!("a {}", type_name(other)),
    };
    found.push(Finding::new(
        Code::OrganizationNoInvalid,
        ORGANIZATION_NO,
        format!("`organizationNo` must be a positive integer, but it is {what}"),
    ));
    None
}

fn unknown_field(key: &str) -> Finding {
    let shown = crate::report::excerpt(key);
    let camel = snake_to_camel(key);
    let close = Body::field_names()
        .iter()
        .chain(std::iter::once(&EXTRA))
        .find(|f| f.eq_ignore_ascii_case(&camel) || f.eq_ignore_ascii_case(key));
    let message = match close {
        Some(known) => format!(
            "unknown field `{shown}`; did you mean `{known}`? (the API's names are camelCase)"
        ),
        None => format!(
            "unknown field `{shown}`; the request takes {}; put fields NCP added later in `extra`",
            Body::field_names().join(", ")
        ),
    };
    Finding::new(Code::RequestUnknownField, key, message)
}

fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
