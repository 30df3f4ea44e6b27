//! The surface language bindings and other hosts build on: every operation takes and returns
//! plain text, bytes and numbers, results are JSON text, and every error is JSON text of one
//! shape, `{"type": "signing"|"validation"|"csr"|"api"|"argument", "code", "message", …}`:
//!
//! - `signing`: `code`, `message`;
//! - `validation`: `code` (`request.invalid`), `message` (every error, one per line),
//!   `findings` (`[{code, field, severity, message}]`);
//! - `csr`: `code`, `message`, `field`;
//! - `api`: the fields of [`crate::ApiError`] (`kind`, `httpStatus`, `code`,
//!   `message`, `details`, `retryable`, `outcome`, `hint`);
//! - `argument`: `code`, `message` (a site or base URL, or a call's argument, that cannot be
//!   used);
//! - `order`: the order workflow's errors ([`crate::order::OrderError`]: `code`, `message`,
//!   `hint`, `cause`, `steps`, …), from [`OrderDriver`];
//! - `internal`: `code`, `message` (`internal.misuse`: a driver called the workflow out of
//!   turn).
//!
//! Each binding maps these to its own error classes and does nothing else, so that the npm
//! and Python packages behave alike by construction.

mod order;

pub use order::OrderDriver;

use crate::credentials;
use crate::{
    inspect_csr, parse_certificate_chain, parse_certificate_list, parse_dcv_statuses,
    parse_organizations, parse_response, validation_domains, AdvancedCertificateRequest, ApiError,
    ArgumentError, CsrError, GetCertificateChain, ListAdvancedCertificates, ListDcvStatuses,
    ListOrganizations, Outcome, Policy, PrepareError, Report, SigningError, Site, SiteError,
    TransportFailure,
};
use serde_json::{json, Value};

/// A `signing` error.
pub fn signing_error_json(e: &SigningError) -> String {
    json!({"type": "signing", "code": e.code(), "message": e.message()}).to_string()
}

fn validation_error_json(e: &PrepareError) -> String {
    let report: Value = serde_json::from_str(&e.report().to_json()).unwrap_or(Value::Null);
    json!({
        "type": "validation",
        "code": "request.invalid",
        "message": e.to_string(),
        "findings": report["findings"],
    })
    .to_string()
}

fn csr_error_json(e: &CsrError) -> String {
    json!({"type": "csr", "code": e.code(), "message": e.message(), "field": e.finding().field})
        .to_string()
}

fn api_error_json(e: &ApiError) -> String {
    let mut value: Value = serde_json::from_str(&e.to_json()).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), "api".into());
    }
    value.to_string()
}

fn site_error_json(e: &SiteError) -> String {
    json!({"type": "argument", "code": e.code(), "message": e.to_string()}).to_string()
}

fn argument_error_json(e: &ArgumentError) -> String {
    json!({"type": "argument", "code": e.code(), "message": e.message()}).to_string()
}

fn argument_error(message: String) -> String {
    argument_error_json(&ArgumentError::new(message))
}

/// `site` (`public`, `gov`, `fin`), or `base_url` when given.
fn site(site: &str, base_url: Option<&str>) -> Result<Site, String> {
    match base_url {
        Some(url) => Site::custom(url),
        None => Site::from_name(site),
    }
    .map_err(|e| site_error_json(&e))
}

fn policy(strict: bool) -> Policy {
    if strict {
        Policy::strict()
    } else {
        Policy::lenient()
    }
}

/// A request from JSON with the API's names; `csr` given as bytes replaces the JSON's `csr`.
fn request(json: &str, csr: Option<Vec<u8>>) -> Result<AdvancedCertificateRequest, Report> {
    let mut request = AdvancedCertificateRequest::from_json(json)?;
    if let Some(bytes) = csr {
        request.csr = Some(bytes);
    }
    Ok(request)
}

/// Every finding at once, as report JSON (`{"valid", "findings"}`); never an error.
pub fn validate_json(request_json: &str, csr: Option<Vec<u8>>, strict: bool) -> String {
    match request(request_json, csr) {
        Ok(request) => request.validate(&policy(strict)).to_json(),
        Err(report) => report.to_json(),
    }
}

/// The prepared request as JSON. `site` is `public`, `gov` or `fin`; `base_url`, when given,
/// replaces it.
pub fn prepare_json(
    request_json: &str,
    csr: Option<Vec<u8>>,
    site: &str,
    base_url: Option<&str>,
    strict: bool,
) -> Result<String, String> {
    let site = self::site(site, base_url)?;
    let request = request(request_json, csr)
        .map_err(|report| validation_error_json(&PrepareError::Invalid(report)))?;
    request
        .prepare_with(&site, &policy(strict))
        .map(|prepared| prepared.to_json())
        .map_err(|e| validation_error_json(&e))
}

/// The CSR report as JSON.
pub fn inspect_csr_json(input: &[u8]) -> Result<String, String> {
    inspect_csr(input)
        .map(|report| report.to_json())
        .map_err(|e| csr_error_json(&e))
}

/// The issuance response as JSON.
pub fn parse_response_json(http_status: u16, body: &[u8]) -> Result<String, String> {
    parse_response(http_status, body)
        .map(|response| response.to_json())
        .map_err(|e| api_error_json(&e))
}

/// What a transport failure means for the next attempt (SPEC §12): `"resendable"` when no
/// byte of the request was written, `"ambiguous"` when some was.
pub fn transport_outcome(written: bool) -> &'static str {
    Outcome::of_transport(TransportFailure::from_written(written)).as_str()
}

/// The options object of a call builder: an object whose keys are among `known` (`null`
/// counts as absent). `call` names the call in messages.
fn options(
    json: &str,
    call: &str,
    known: &[&str],
) -> Result<serde_json::Map<String, Value>, String> {
    let names = known.join(", ");
    let value: Value = serde_json::from_str(json).map_err(|e| {
        argument_error(format!(
            "the {call} options are not JSON ({e}); give {{{names}}}"
        ))
    })?;
    let Value::Object(mut fields) = value else {
        return Err(argument_error(format!(
            "the {call} options must be an object: {{{names}}}"
        )));
    };
    fields.retain(|_, value| !value.is_null());
    if let Some(unknown) = fields.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(argument_error(format!(
            "unknown {call} option {unknown:?}; use {names}"
        )));
    }
    Ok(fields)
}

/// An optional string option.
fn string_option(
    fields: &mut serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<String>, String> {
    match fields.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(argument_error(format!("{name} must be a string"))),
    }
}

/// An optional integer option within `range`.
fn integer_option<T: TryFrom<i64>>(
    fields: &mut serde_json::Map<String, Value>,
    name: &str,
    what: &str,
) -> Result<Option<T>, String> {
    match fields.remove(name) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .and_then(|n| T::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| argument_error(format!("{name} must be {what}"))),
    }
}

/// The required `certificateNo` option.
fn certificate_no_option(fields: &mut serde_json::Map<String, Value>) -> Result<u64, String> {
    integer_option(
        fields,
        "certificateNo",
        "a positive integer (the certificate's number)",
    )?
    .ok_or_else(|| {
        argument_error(String::from(
            "certificateNo is missing; give the certificate's number",
        ))
    })
}

/// A prepared call as JSON, or its argument error.
fn prepared_json(
    prepared: Result<crate::PreparedRequest, ArgumentError>,
) -> Result<String, String> {
    prepared
        .map(|prepared| prepared.to_json())
        .map_err(|e| argument_error_json(&e))
}

/// A ListAdvancedCertificates call from JSON `{"certificateName"?, "page"?, "pageSize"?}`
/// (`null` counts as absent), as prepared-request JSON (`body` is `null`: a `GET`).
pub fn list_certificates_json(
    query_json: &str,
    site: &str,
    base_url: Option<&str>,
) -> Result<String, String> {
    let site = self::site(site, base_url)?;
    let mut fields = options(
        query_json,
        "lookup",
        &["certificateName", "page", "pageSize"],
    )?;
    let mut call = ListAdvancedCertificates::new();
    if let Some(name) = string_option(&mut fields, "certificateName")? {
        call = call.certificate_name(name);
    }
    if let Some(page) = integer_option(&mut fields, "page", "a positive integer")? {
        call = call.page(page);
    }
    if let Some(size) = integer_option(&mut fields, "pageSize", "a positive integer")? {
        call = call.page_size(size);
    }
    prepared_json(call.prepare(&site))
}

/// A ListDcvStatuses call from JSON `{"certificateNo", "domainAddress"}`, as prepared-request
/// JSON (a `GET`).
pub fn list_dcv_statuses_json(
    options_json: &str,
    site: &str,
    base_url: Option<&str>,
) -> Result<String, String> {
    let site = self::site(site, base_url)?;
    let mut fields = options(
        options_json,
        "domain validation",
        &["certificateNo", "domainAddress"],
    )?;
    let certificate_no = certificate_no_option(&mut fields)?;
    let domain = string_option(&mut fields, "domainAddress")?.ok_or_else(|| {
        argument_error(String::from(
            "domainAddress is missing; give one name of the certificate",
        ))
    })?;
    prepared_json(ListDcvStatuses::new(certificate_no, domain).prepare(&site))
}

/// NCP's answer to ListDcvStatuses as JSON. With `domain` (the `domainAddress` asked about),
/// each record also holds `recordName`: the name to publish it at.
pub fn parse_dcv_statuses_json(
    http_status: u16,
    body: &[u8],
    domain: Option<&str>,
) -> Result<String, String> {
    let statuses = parse_dcv_statuses(http_status, body).map_err(|e| api_error_json(&e))?;
    Ok(match domain {
        Some(domain) => statuses.for_domain(domain),
        None => statuses,
    }
    .to_json())
}

/// The names to ask ListDcvStatuses about, from a JSON array of the certificate's names
/// (common name first), as a JSON array (see [`crate::validation_domains`]).
pub fn validation_domains_json(names_json: &str) -> Result<String, String> {
    // Read as a `Value`, like every other input: a typed `Vec<String>` would build a second
    // JSON reader into the `.wasm` (about 15 KB gzipped, SPEC §9's budget).
    let unreadable = |why: String| {
        argument_error(format!(
            "the names must be a JSON array of strings ({why}): the common name, then each dnsName"
        ))
    };
    let value: Value = serde_json::from_str(names_json).map_err(|e| unreadable(e.to_string()))?;
    let names = value
        .as_array()
        .ok_or_else(|| unreadable(String::from("not an array")))?
        .iter()
        .map(|name| {
            name.as_str()
                .ok_or_else(|| unreadable(String::from("not every item is a string")))
        })
        .collect::<Result<Vec<&str>, String>>()?;
    Ok(json!(validation_domains(names)).to_string())
}

/// A GetCertificateChain call from JSON `{"certificateNo"}`, as prepared-request JSON.
pub fn get_certificate_chain_json(
    options_json: &str,
    site: &str,
    base_url: Option<&str>,
) -> Result<String, String> {
    let site = self::site(site, base_url)?;
    let mut fields = options(options_json, "chain", &["certificateNo"])?;
    let certificate_no = certificate_no_option(&mut fields)?;
    prepared_json(GetCertificateChain::new(certificate_no).prepare(&site))
}

/// NCP's answer to GetCertificateChain as JSON, PEM normalised to LF, with `files`.
pub fn parse_certificate_chain_json(http_status: u16, body: &[u8]) -> Result<String, String> {
    parse_certificate_chain(http_status, body)
        .map(|chain| chain.to_json())
        .map_err(|e| api_error_json(&e))
}

/// A ListOrganizations call from JSON `{"organizationNameKor"?, "organizationNameEng"?,
/// "businessRegistrationNo"?, "verificationProgressCode"?}`, as prepared-request JSON (a
/// `POST` whose body is `{}` without filters).
pub fn list_organizations_json(
    options_json: &str,
    site: &str,
    base_url: Option<&str>,
) -> Result<String, String> {
    let site = self::site(site, base_url)?;
    let mut fields = options(
        options_json,
        "organisation",
        &[
            "organizationNameKor",
            "organizationNameEng",
            "businessRegistrationNo",
            "verificationProgressCode",
        ],
    )?;
    let mut call = ListOrganizations::new();
    call.organization_name_kor = string_option(&mut fields, "organizationNameKor")?;
    call.organization_name_eng = string_option(&mut fields, "organizationNameEng")?;
    call.business_registration_no = string_option(&mut fields, "businessRegistrationNo")?;
    call.verification_progress_code = integer_option(
        &mut fields,
        "verificationProgressCode",
        "an integer (7: validated)",
    )?;
    prepared_json(call.prepare(&site))
}

/// NCP's answer to ListOrganizations as JSON.
pub fn parse_organizations_json(http_status: u16, body: &[u8]) -> Result<String, String> {
    parse_organizations(http_status, body)
        .map(|list| list.to_json())
        .map_err(|e| api_error_json(&e))
}

/// NCP's answer to ListAdvancedCertificates as JSON. With `name`, the answer also holds
/// `"match"`: the certificate named exactly `name` (the newest when several are), or `null`.
pub fn parse_certificate_list_json(
    http_status: u16,
    body: &[u8],
    name: Option<&str>,
) -> Result<String, String> {
    let list = parse_certificate_list(http_status, body).map_err(|e| api_error_json(&e))?;
    let Some(name) = name else {
        return Ok(list.to_json());
    };
    let mut value: Value = serde_json::from_str(&list.to_json()).unwrap_or(Value::Null);
    let found: Value = list
        .find_by_name(name)
        .and_then(|c| serde_json::from_str(&c.to_json()).ok())
        .unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("match".into(), found);
    }
    Ok(value.to_string())
}

/// Where the keys are looked for, so that hosts read exactly those places:
/// `{"accessKeyEnv": "NCP_ACCESS_KEY", "secretKeyEnv": "NCP_SECRET_KEY",
/// "configureFile": ".ncloud/configure"}` (the file is relative to the home directory).
pub fn key_sources_json() -> String {
    json!({
        "accessKeyEnv": credentials::ACCESS_KEY_ENV,
        "secretKeyEnv": credentials::SECRET_KEY_ENV,
        "configureFile": credentials::CONFIGURE_FILE,
    })
    .to_string()
}

/// The keys by the rule of [`credentials::find_keys`], from what the host read:
/// `{"accessKey": NCP_ACCESS_KEY or null, "secretKey": NCP_SECRET_KEY or null,
/// "configurePath": the credentials file's path or null (no home directory),
/// "configureText": its text when it was read, "configureError": why it was not}`.
/// Returns `{"accessKey", "secretKey", "source"}`; an error is a `signing` error with code
/// `credentials.missing`, `credentials.incomplete` or `credentials.invalid` whose message
/// says where the keys were looked for (and never holds a key).
pub fn find_keys_json(input_json: &str) -> Result<String, String> {
    let input: Value = serde_json::from_str(input_json).map_err(|e| {
        argument_error(format!(
            "the key sources are not JSON ({e}); give {{\"accessKey\", \"secretKey\", \"configurePath\", \"configureText\", \"configureError\"}}"
        ))
    })?;
    let text = |name: &str| -> Result<Option<&str>, String> {
        match &input[name] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.as_str())),
            _ => Err(argument_error(format!("{name} must be a string or null"))),
        }
    };
    let configure = match (
        text("configurePath")?,
        text("configureText")?,
        text("configureError")?,
    ) {
        (None, _, _) => credentials::ConfigureFile::Unknown,
        (Some(path), Some(text), _) => credentials::ConfigureFile::Read { path, text },
        (Some(path), None, reason) => credentials::ConfigureFile::Unreadable {
            path,
            reason: reason.unwrap_or("it could not be read"),
        },
    };
    let found =
        credentials::find_keys(text("accessKey")?, text("secretKey")?, configure).map_err(|e| {
            json!({"type": "signing", "code": e.code(), "message": e.message()}).to_string()
        })?;
    Ok(json!({
        "accessKey": found.access_key(),
        "secretKey": found.secret_key(),
        "source": found.source(),
    })
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_error_has_the_documented_shape() {
        let e = parse(&prepare_json("{}", None, "public", None, false).unwrap_err());
        assert_eq!(e["type"], "validation");
        assert_eq!(e["code"], "request.invalid");
        assert!(e["findings"].as_array().is_some_and(|f| !f.is_empty()));
        let e = parse(&prepare_json("{}", None, "moon", None, false).unwrap_err());
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("argument"), Some("site.invalid"))
        );
        let e = parse(&prepare_json("[]", None, "public", None, false).unwrap_err());
        assert_eq!(e["findings"][0]["code"], "request.invalid");
        let e = parse(&inspect_csr_json(b"hello").unwrap_err());
        assert_eq!(
            (e["type"].as_str(), e["field"].as_str()),
            (Some("csr"), Some("csr"))
        );
        let e = parse(&parse_response_json(403, b"").unwrap_err());
        assert_eq!(
            (
                e["type"].as_str(),
                e["kind"].as_str(),
                e["httpStatus"].as_u64()
            ),
            (Some("api"), Some("http"), Some(403))
        );
        let signing = crate::sign("POST", "no-slash", 1_700_000_000_000, "a", "b").unwrap_err();
        let e = parse(&signing_error_json(&signing));
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("signing"), Some("signing.path"))
        );
    }

    #[test]
    fn keys_from_what_the_host_read() {
        let sources = parse(&key_sources_json());
        assert_eq!(sources["accessKeyEnv"], "NCP_ACCESS_KEY");
        assert_eq!(sources["configureFile"], ".ncloud/configure");
        let file = r#"{"configurePath":"/h/.ncloud/configure","configureText":"ncloud_access_key_id = AK\nncloud_secret_access_key = SK\n"}"#;
        let found = parse(&find_keys_json(file).unwrap());
        assert_eq!(
            (found["accessKey"].as_str(), found["secretKey"].as_str()),
            (Some("AK"), Some("SK"))
        );
        assert_eq!(found["source"], "/h/.ncloud/configure");
        let env = r#"{"accessKey":"EAK","secretKey":"ESK","configurePath":null}"#;
        assert_eq!(
            parse(&find_keys_json(env).unwrap())["source"],
            "NCP_ACCESS_KEY/NCP_SECRET_KEY"
        );
        let missing = r#"{"configurePath":"/h/c","configureError":"No such file or directory"}"#;
        let e = parse(&find_keys_json(missing).unwrap_err());
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("signing"), Some("credentials.missing"))
        );
        assert!(e["message"].as_str().unwrap().contains("/h/c"));
        let e = parse(&find_keys_json(r#"{"accessKey":1}"#).unwrap_err());
        assert_eq!(e["type"], "argument");
        assert_eq!(
            parse(&find_keys_json("nope").unwrap_err())["type"],
            "argument"
        );
    }

    #[test]
    fn lookups_and_outcomes() {
        let prepared = parse(
            &list_certificates_json(
                r#"{"certificateName":"a b","page":2,"pageSize":null}"#,
                "gov",
                None,
            )
            .unwrap(),
        );
        assert_eq!(prepared["method"], "GET");
        assert_eq!(
            prepared["url"],
            "https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2"
        );
        assert_eq!(prepared["body"], Value::Null);
        for bad in [
            "[]",
            "{",
            r#"{"name":"x"}"#,
            r#"{"certificateName":1}"#,
            r#"{"page":-1}"#,
            r#"{"page":0}"#,
            r#"{"certificateName":""}"#,
        ] {
            let e = parse(&list_certificates_json(bad, "public", None).unwrap_err());
            assert_eq!(
                (e["type"].as_str(), e["code"].as_str()),
                (Some("argument"), Some("argument.invalid")),
                "{bad}"
            );
        }
        let body = br#"{"returnCode":"0","orders":[{"orderId":"1","certificates":[{"certificateNo":5,"certificateName":"n","statusCode":"0"}]}]}"#;
        let list = parse(&parse_certificate_list_json(200, body, Some("n")).unwrap());
        assert_eq!(list["match"]["certificateNo"], 5);
        let list = parse(&parse_certificate_list_json(200, body, Some("N")).unwrap());
        assert_eq!(list["match"], Value::Null);
        let list = parse(&parse_certificate_list_json(200, body, None).unwrap());
        assert!(list.get("match").is_none());
        let e = parse(&parse_certificate_list_json(504, b"", None).unwrap_err());
        assert_eq!(
            (e["type"].as_str(), e["outcome"].as_str()),
            (Some("api"), Some("ambiguous"))
        );
        assert_eq!(transport_outcome(false), "resendable");
        assert_eq!(transport_outcome(true), "ambiguous");
    }

    #[test]
    fn the_calls_after_the_request() {
        let dcv = parse(
            &list_dcv_statuses_json(
                r#"{"certificateNo":12,"domainAddress":"www.example.com"}"#,
                "public",
                Some("http://127.0.0.1:9/p"),
            )
            .unwrap(),
        );
        assert_eq!(
            dcv["url"],
            "http://127.0.0.1:9/p/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com"
        );
        assert_eq!(dcv["body"], Value::Null);
        let chain =
            parse(&get_certificate_chain_json(r#"{"certificateNo":12}"#, "public", None).unwrap());
        assert_eq!(
            chain["path"],
            "/api/v2/certificate/exportCertificate/12/chain"
        );
        let orgs = parse(&list_organizations_json("{}", "public", None).unwrap());
        assert_eq!(
            (orgs["method"].as_str(), orgs["body"].as_str()),
            (Some("POST"), Some("{}"))
        );
        let orgs = parse(
            &list_organizations_json(
                r#"{"verificationProgressCode":7,"organizationNameEng":null}"#,
                "public",
                None,
            )
            .unwrap(),
        );
        assert_eq!(orgs["body"], r#"{"verificationProgressCode":7}"#);
        for (call, bad) in [
            (
                list_dcv_statuses_json as fn(&str, &str, Option<&str>) -> Result<String, String>,
                r#"{"certificateNo":12}"#,
            ),
            (list_dcv_statuses_json, r#"{"domainAddress":"a.example"}"#),
            (
                list_dcv_statuses_json,
                r#"{"certificateNo":-1,"domainAddress":"a.example"}"#,
            ),
            (
                list_dcv_statuses_json,
                r#"{"certificateNo":"12","domainAddress":"a.example"}"#,
            ),
            (
                list_dcv_statuses_json,
                r#"{"certificateNo":12,"domainAddress":""}"#,
            ),
            (get_certificate_chain_json, r#"{"certificateNo":0}"#),
            (get_certificate_chain_json, r#"{"certificateNo":1.5}"#),
            (get_certificate_chain_json, r#"{"no":1}"#),
            (get_certificate_chain_json, "7"),
            (
                list_organizations_json,
                r#"{"verificationProgressCode":"7"}"#,
            ),
            (list_organizations_json, r#"{"organizationNameKor":""}"#),
        ] {
            let e = parse(&call(bad, "public", None).unwrap_err());
            assert_eq!(
                (e["type"].as_str(), e["code"].as_str()),
                (Some("argument"), Some("argument.invalid")),
                "{bad}"
            );
            assert!(!e["message"].as_str().unwrap_or("").is_empty());
        }
        let body =
            br#"{"returnCode":"0","dnsVerificationList":[{"txtName":"_dnsauth","txtValue":"v"}]}"#;
        let answer = parse(&parse_dcv_statuses_json(200, body, Some("example.com")).unwrap());
        assert_eq!(
            answer["dnsVerificationList"][0]["recordName"],
            "_dnsauth.example.com"
        );
        let answer = parse(&parse_dcv_statuses_json(200, body, None).unwrap());
        assert!(answer["dnsVerificationList"][0].get("recordName").is_none());
        assert_eq!(
            parse(
                &validation_domains_json(r#"["*.Example.com","example.com","www.example.com"]"#)
                    .unwrap()
            ),
            json!(["example.com", "www.example.com"])
        );
        assert_eq!(
            parse(&validation_domains_json("[1]").unwrap_err())["type"],
            "argument"
        );
        let e = parse(&parse_certificate_chain_json(200, br#"{"returnCode":"0"}"#).unwrap_err());
        assert_eq!(
            (e["type"].as_str(), e["kind"].as_str()),
            (Some("api"), Some("malformed"))
        );
        let orgs = parse(
            &parse_organizations_json(
                200,
                br#"[{"organizationNo":3,"verificationProgressCode":"7"}]"#,
            )
            .unwrap(),
        );
        assert_eq!(orgs["organizations"][0]["validated"], true);
    }

    #[test]
    fn csr_bytes_replace_the_json_csr() {
        let report = parse(&validate_json(
            r#"{"csr": "not a csr"}"#,
            Some(b"also not".to_vec()),
            false,
        ));
        let csr_findings: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["field"] == "csr")
            .collect();
        assert_eq!(csr_findings.len(), 1);
        assert_eq!(csr_findings[0]["code"], "csr.malformed");
    }
}
