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
        Err(e) => Err(request_invalid_with(
            format!(
                "the request is not valid JSON ({e}); send a JSON object such as \
             {{\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----…\", \"certificateType\": \"DV\", …}}"
            ),
            ("syntax", String::new()),
        )),
    }
}

pub(super) fn from_json_value(value: &Value) -> Result<AdvancedCertificateRequest, Report> {
    let Value::Object(map) = value else {
        return Err(request_invalid_with(
            format!(
            "the request is a JSON {}, not an object; send an object with the API's field names",
            type_name(value)
        ),
            ("type", type_name(value).to_owned()),
        ));
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
                other => found.push(
                    Finding::new(
                        Code::ExtraInvalid,
                        EXTRA,
                        format!(
                            "`extra` must be an object of pass-through fields, not a {}",
                            type_name(other)
                        ),
                    )
                    .with("type", type_name(other)),
                ),
            },
            unknown => found.push(unknown_field(unknown)),
        }
    }
    req.input_findings = found;
    Ok(req)
}

fn request_invalid_with(message: String, arg: (&'static str, String)) -> Report {
    Report::from_findings(
        vec![Finding::new(Code::RequestInvalid, "", message).with(arg.0, arg.1)],
        &Policy::default(),
    )
}

fn string_field(key: &str, value: &Value, code: Code, found: &mut Vec<Finding>) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        other => {
            found.push(
                Finding::new(
                    code,
                    key,
                    format!("`{key}` must be a string, not a {}", type_name(other)),
                )
                .with("type", type_name(other)),
            );
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
        ).with("type", type_name(value)));
        return Vec::new();
    };
    let mut names = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => names.push(s.clone()),
            other => found.push(
                Finding::new(
                    Code::DnsNameInvalid,
                    format!("{DNS_NAME}[{i}]"),
                    format!(
                        "`dnsName[{i}]` must be a string, not a {}",
                        type_name(other)
                    ),
                )
                .with("type", type_name(other)),
            ),
        }
    }
    names
}

fn organization_no(value: &Value, found: &mut Vec<Finding>) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    let shown = match value {
        Value::String(s) => format!("{:?}", crate::report::excerpt(s)),
        Value::Number(n) => n.to_string(),
        other => format!("JSON {}", type_name(other)),
    };
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
    found.push(
        Finding::new(
            Code::OrganizationNoInvalid,
            ORGANIZATION_NO,
            format!("`organizationNo` must be a positive integer, but it is {what}"),
        )
        .with("value", shown),
    );
    None
}

fn unknown_field(key: &str) -> Finding {
    let shown = crate::report::excerpt(key);
    let camel = snake_to_camel(key);
    let close = Body::field_names()
        .iter()
        .chain(std::iter::once(&EXTRA))
        .find(|f| f.eq_ignore_ascii_case(&camel) || f.eq_ignore_ascii_case(key));
    let mut args = vec![("key", shown.clone())];
    let message = match close {
        Some(known) => {
            args.push(("suggest", (*known).to_owned()));
            format!(
                "unknown field `{shown}`; did you mean `{known}`? (the API's names are camelCase)"
            )
        }
        None => {
            args.push(("fields", Body::field_names().join(", ")));
            format!(
            "unknown field `{shown}`; the request takes {}; put fields NCP added later in `extra`",
            Body::field_names().join(", ")
        )
        }
    };
    let mut finding = Finding::new(Code::RequestUnknownField, key, message);
    for (name, value) in args {
        finding = finding.with(name, value);
    }
    finding
}

/// `c` in upper case as far as the comparison with the API's names (ASCII, compared ignoring
/// ASCII case) can tell: ASCII letters, and the few other characters whose upper case is
/// ASCII (`ß`, `ı`, `ſ` and the Latin ligatures); any other character stays as it is, which
/// matches no name, as its Unicode upper case would not. `char::to_uppercase` would link the
/// standard library's case tables into the npm .wasm (about 6 KB gzipped).
fn push_upper(out: &mut String, c: char) {
    let upper = match c {
        '\u{DF}' => "SS",
        '\u{131}' => "I",
        '\u{17F}' => "S",
        '\u{FB00}' => "FF",
        '\u{FB01}' => "FI",
        '\u{FB02}' => "FL",
        '\u{FB03}' => "FFI",
        '\u{FB04}' => "FFL",
        '\u{FB05}' | '\u{FB06}' => "ST",
        c => {
            out.push(c.to_ascii_uppercase());
            return;
        }
    };
    out.push_str(upper);
}

fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            push_upper(&mut out, c);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_is_unicode_upper_case_wherever_it_can_match_a_name() {
        // The standard library's upper case is the reference: wherever it is ASCII (the only
        // case in which the camelCase form can equal an API name), push_upper gives the same;
        // wherever it is not, push_upper gives something that is not ASCII either.
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let unicode: String = c.to_uppercase().collect();
            let mut ours = String::new();
            push_upper(&mut ours, c);
            if unicode.is_ascii() {
                assert_eq!(ours, unicode, "U+{:04X}", c as u32);
            } else {
                assert!(!ours.is_ascii(), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn snake_case_names_are_suggested_in_camel_case() {
        let finding = unknown_field("dns_name");
        assert!(
            finding.message.contains("did you mean `dnsName`?"),
            "{}",
            finding.message
        );
        // `ſ` (long s) and `ı` (dotless i) are `S` and `I` in upper case, so these keys are
        // one of the API's names in camelCase, as Unicode case mapping makes them.
        let finding = unknown_field("c_\u{17F}r");
        assert!(
            finding.message.contains("did you mean `csr`?"),
            "{}",
            finding.message
        );
        let finding = unknown_field("validat_\u{131}onMethod");
        assert!(
            finding.message.contains("did you mean `validationMethod`?"),
            "{}",
            finding.message
        );
        let finding = unknown_field("dns_\u{E9}ame");
        assert!(
            !finding.message.contains("did you mean"),
            "{}",
            finding.message
        );
    }
}
