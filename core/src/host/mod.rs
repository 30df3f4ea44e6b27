//! The surface language bindings and other hosts build on. Every operation takes plain text,
//! bytes, numbers and JSON values (`serde_json::Value`, which each binding makes from its own
//! native objects), and returns a typed value or one typed error, [`HostError`]. A binding
//! converts those natively (Python objects, JavaScript objects) or serialises them once at the
//! edge that needs text (the C ABI); it never reads or writes JSON text of its own.
//!
//! Each binding maps the errors' codes to its own error classes and does nothing else, so that
//! every package behaves alike by construction.

mod error;
#[cfg(feature = "issuance")]
mod issuance;
mod keys;
mod order;
mod renewal;

pub use error::{ApiFailure, CodedError, CsrFailure, HostError, ValidationFailure};
#[cfg(feature = "issuance")]
pub use issuance::{
    certbot_record, txt_record, IssuanceAction, IssuanceDriver, PublicationDriver,
    PublicationDriverAction,
};
pub use keys::{check_csr_names, check_made_csr};
#[cfg(feature = "keys")]
pub use keys::{generate_key, make_csr};
pub use order::{DriverAction, OrderDriver};
pub use renewal::{
    certificate_expiry, decide_renewal, get_order, inventory, list_orders, read_order, read_orders,
    renewal_name,
};

use crate::credentials;
use crate::{
    inspect_csr, parse_certificate_chain, parse_certificate_list, parse_dcv_statuses,
    parse_organizations, parse_response, validation_domains, AdvancedCertificateRequest,
    CertificateChain, CertificateList, CertificateSummary, CsrReport, DcvStatuses, ErrorCode,
    GetCertificateChain, IssuanceResponse, ListAdvancedCertificates, ListDcvStatuses,
    ListOrganizations, OrganizationList, Outcome, Policy, PrepareError, PreparedRequest, Report,
    Site, TransportFailure,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// Reads a JSON argument given as text (the C ABI's inputs); `what` names it in the message.
pub fn json_argument(text: &str, what: &str) -> Result<Value, HostError> {
    serde_json::from_str(text)
        .map_err(|e| HostError::argument(format!("{what} is not JSON ({e}); give a JSON value")))
}

/// The language a host names (`"en"` or `"ko"`, any case, a region allowed); English when
/// none is named, `argument.invalid` for any other.
pub fn lang(text: Option<&str>) -> Result<crate::Lang, HostError> {
    match text {
        None => Ok(crate::Lang::En),
        Some(text) => crate::Lang::from_code_str(text).ok_or_else(|| {
            HostError::argument(format!(
                "lang must be \"en\" or \"ko\", not {:?}",
                crate::report::excerpt(text)
            ))
        }),
    }
}

/// What `code` (a finding or error code of the tables) means and what to do, in `lang`, for
/// a finding or error a host reports itself (a value its language cannot hand the core):
/// the code's text with no values. `None` for a code not in the tables.
pub fn code_text(code: &str, lang: crate::Lang) -> Option<String> {
    let template = match crate::Code::from_code_str(code) {
        Some(code) => code.template(lang),
        None => ErrorCode::from_code_str(code)?.template(lang),
    };
    Some(crate::lang::render(template, &[]))
}

/// Serialises a result for hosts that need text (the C ABI).
pub fn to_json_text<T: Serialize + ?Sized>(value: &T) -> String {
    // The results are strings, numbers, booleans and lists of them: this cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// `site` (`public`, `gov`, `fin`; `public` when absent), or `base_url` when given.
pub fn site(site: Option<&str>, base_url: Option<&str>) -> Result<Site, HostError> {
    Ok(match base_url {
        Some(url) => Site::custom(url)?,
        None => Site::from_name(site.unwrap_or("public"))?,
    })
}

fn policy(strict: bool) -> Policy {
    if strict {
        Policy::strict()
    } else {
        Policy::lenient()
    }
}

/// The deepest nesting of arrays and objects a request may have: what a JSON text may have
/// (serde_json's limit), so that a request given as a host's values is refused exactly when
/// the same request given as JSON text is, in every language.
const MAX_NESTING: usize = 127;

/// Whether `value` nests arrays and objects deeper than [`MAX_NESTING`] (walked without
/// recursion: a host may hand over any depth).
fn too_deep(value: &Value) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(fields) => Box::new(fields.values()),
            _ => continue,
        };
        if depth + 1 > MAX_NESTING {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

/// A request from a JSON value with the API's names; `csr` given as bytes replaces its `csr`.
fn request(value: &Value, csr: Option<Vec<u8>>) -> Result<AdvancedCertificateRequest, Report> {
    if too_deep(value) {
        let message = format!(
            "the request nests arrays or objects more than {MAX_NESTING} levels deep, which \
             JSON readers refuse; send the API's fields as flat values"
        );
        return Err(Report::from_findings(
            vec![
                crate::Finding::new(crate::Code::RequestInvalid, "", message)
                    .with("max", MAX_NESTING.to_string()),
            ],
            &Policy::default(),
        ));
    }
    let mut request = AdvancedCertificateRequest::from_json_value(value)?;
    if let Some(bytes) = csr {
        request.csr = Some(bytes);
    }
    Ok(request)
}

/// Every finding at once; never an error.
pub fn validate(request_value: &Value, csr: Option<Vec<u8>>, strict: bool) -> Report {
    match request(request_value, csr) {
        Ok(request) => request.validate(&policy(strict)),
        Err(report) => report,
    }
}

/// The prepared issuance request, for `site` (see [`site`]).
pub fn prepare(
    request_value: &Value,
    csr: Option<Vec<u8>>,
    site: &Site,
    strict: bool,
) -> Result<PreparedRequest, HostError> {
    let request = self::request(request_value, csr).map_err(PrepareError::Invalid)?;
    Ok(request.prepare_with(site, &policy(strict))?)
}

/// The CSR report.
pub fn inspect(input: &[u8]) -> Result<CsrReport, HostError> {
    Ok(inspect_csr(input)?)
}

/// NCP's answer to the issuance request.
pub fn read_response(http_status: u16, body: &[u8]) -> Result<IssuanceResponse, HostError> {
    Ok(parse_response(http_status, body)?)
}

/// What a transport failure means for the next attempt: resendable when no byte of the
/// request was written, ambiguous when some was.
pub fn transport_outcome(written: bool) -> Outcome {
    Outcome::of_transport(TransportFailure::from_written(written))
}

/// The options object of a call builder: an object whose keys are among `known` (`null`
/// counts as absent). `call` names the call in messages.
fn options(value: &Value, call: &str, known: &[&str]) -> Result<Map<String, Value>, HostError> {
    let names = known.join(", ");
    let mut fields = match value {
        Value::Object(fields) => fields.clone(),
        Value::Null => Map::new(),
        _ => {
            return Err(HostError::argument(format!(
                "the {call} options must be an object: {{{names}}}"
            )))
        }
    };
    fields.retain(|_, value| !value.is_null());
    if let Some(unknown) = fields.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(HostError::argument(format!(
            "unknown {call} option {unknown:?}; use {names}"
        )));
    }
    Ok(fields)
}

/// An optional string option.
fn string_option(fields: &mut Map<String, Value>, name: &str) -> Result<Option<String>, HostError> {
    match fields.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(HostError::argument(format!("{name} must be a string"))),
    }
}

/// An optional integer option.
fn integer_option<T: TryFrom<i64>>(
    fields: &mut Map<String, Value>,
    name: &str,
    what: &str,
) -> Result<Option<T>, HostError> {
    match fields.remove(name) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .and_then(|n| T::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| HostError::argument(format!("{name} must be {what}"))),
    }
}

/// The required `certificateNo` option.
fn certificate_no_option(fields: &mut Map<String, Value>) -> Result<u64, HostError> {
    integer_option(
        fields,
        "certificateNo",
        "a positive integer (the certificate's number)",
    )?
    .ok_or_else(|| HostError::argument("certificateNo is missing; give the certificate's number"))
}

/// A ListAdvancedCertificates call from `{"certificateName"?, "page"?, "pageSize"?}` (`null`
/// counts as absent): a `GET`, without a body.
pub fn list_certificates(query: &Value, site: &Site) -> Result<PreparedRequest, HostError> {
    let mut fields = options(query, "lookup", &["certificateName", "page", "pageSize"])?;
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
    Ok(call.prepare(site)?)
}

/// A ListDcvStatuses call from `{"certificateNo", "domainAddress"}` (a `GET`).
pub fn list_dcv_statuses(options_value: &Value, site: &Site) -> Result<PreparedRequest, HostError> {
    let mut fields = options(
        options_value,
        "domain validation",
        &["certificateNo", "domainAddress"],
    )?;
    let certificate_no = certificate_no_option(&mut fields)?;
    let domain = string_option(&mut fields, "domainAddress")?.ok_or_else(|| {
        HostError::argument("domainAddress is missing; give one name of the certificate")
    })?;
    Ok(ListDcvStatuses::new(certificate_no, domain).prepare(site)?)
}

/// NCP's answer to ListDcvStatuses. With `domain` (the `domainAddress` asked about), each
/// record also holds `recordName`: the name to publish it at.
pub fn read_dcv_statuses(
    http_status: u16,
    body: &[u8],
    domain: Option<&str>,
) -> Result<DcvStatuses, HostError> {
    let statuses = parse_dcv_statuses(http_status, body)?;
    Ok(match domain {
        Some(domain) => statuses.for_domain(domain),
        None => statuses,
    })
}

/// The names to ask ListDcvStatuses about, from an array of the certificate's names (common
/// name first); see [`crate::validation_domains`].
pub fn domains_to_validate(names: &Value) -> Result<Vec<String>, HostError> {
    let unreadable = |why: &str| {
        HostError::argument(format!(
            "the names must be an array of strings ({why}): the common name, then each dnsName"
        ))
    };
    let names = names
        .as_array()
        .ok_or_else(|| unreadable("not an array"))?
        .iter()
        .map(|name| {
            name.as_str()
                .ok_or_else(|| unreadable("not every item is a string"))
        })
        .collect::<Result<Vec<&str>, HostError>>()?;
    Ok(validation_domains(names))
}

/// A GetCertificateChain call from `{"certificateNo"}`.
pub fn get_certificate_chain(
    options_value: &Value,
    site: &Site,
) -> Result<PreparedRequest, HostError> {
    let mut fields = options(options_value, "chain", &["certificateNo"])?;
    let certificate_no = certificate_no_option(&mut fields)?;
    Ok(GetCertificateChain::new(certificate_no).prepare(site)?)
}

/// NCP's answer to GetCertificateChain, PEM normalised to LF, with `files`.
pub fn read_certificate_chain(
    http_status: u16,
    body: &[u8],
) -> Result<CertificateChain, HostError> {
    Ok(parse_certificate_chain(http_status, body)?)
}

/// A ListOrganizations call from `{"organizationNameKor"?, "organizationNameEng"?,
/// "businessRegistrationNo"?, "verificationProgressCode"?}` (a `POST` whose body is `{}`
/// without filters).
pub fn list_organizations(
    options_value: &Value,
    site: &Site,
) -> Result<PreparedRequest, HostError> {
    let mut fields = options(
        options_value,
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
    Ok(call.prepare(site)?)
}

/// NCP's answer to ListOrganizations.
pub fn read_organizations(http_status: u16, body: &[u8]) -> Result<OrganizationList, HostError> {
    Ok(parse_organizations(http_status, body)?)
}

/// NCP's answer to ListAdvancedCertificates, with the certificate asked for by name.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CertificateListAnswer {
    /// The answer.
    #[serde(flatten)]
    pub list: CertificateList,
    /// When a name was given: the certificate named exactly so (the newest when several
    /// are), or `null`. Absent when no name was given.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub found: Option<Option<CertificateSummary>>,
}

/// NCP's answer to ListAdvancedCertificates. With `name`, the answer also holds `match`.
pub fn read_certificate_list(
    http_status: u16,
    body: &[u8],
    name: Option<&str>,
) -> Result<CertificateListAnswer, HostError> {
    let list = parse_certificate_list(http_status, body)?;
    let found = name.map(|name| list.find_by_name(name).cloned());
    Ok(CertificateListAnswer { list, found })
}

/// Where the keys are looked for, so that hosts read exactly those places.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KeySources {
    /// The access key's environment variable (`NCP_ACCESS_KEY`).
    pub access_key_env: &'static str,
    /// The secret key's environment variable (`NCP_SECRET_KEY`).
    pub secret_key_env: &'static str,
    /// The credentials file, relative to the home directory (`.ncloud/configure`).
    pub configure_file: &'static str,
}

/// Where the keys are looked for.
pub fn key_sources() -> KeySources {
    KeySources {
        access_key_env: credentials::ACCESS_KEY_ENV,
        secret_key_env: credentials::SECRET_KEY_ENV,
        configure_file: credentials::CONFIGURE_FILE,
    }
}

/// The keys found by [`find_keys`], for the host to build its signer from at once. Its
/// `Debug` never shows the secret key.
#[derive(Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FoundKeys {
    /// The access key.
    pub access_key: String,
    /// The secret key.
    pub secret_key: String,
    /// Where they came from: the variables' names or the file's path.
    pub source: String,
}

impl std::fmt::Debug for FoundKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FoundKeys")
            .field("access_key", &self.access_key)
            .field("secret_key", &"** redacted **")
            .field("source", &self.source)
            .finish()
    }
}

/// The keys by the rule of [`credentials::find_keys`], from what the host read:
/// `{"accessKey": NCP_ACCESS_KEY or null, "secretKey": NCP_SECRET_KEY or null,
/// "configurePath": the credentials file's path or null (no home directory),
/// "configureText": its text when it was read, "configureError": why it was not}`.
/// An error is a `signing` error with code `credentials.missing`, `credentials.incomplete`
/// or `credentials.invalid` whose message says where the keys were looked for (and never
/// holds a key).
pub fn find_keys(input: &Value) -> Result<FoundKeys, HostError> {
    let text = |name: &str| -> Result<Option<&str>, HostError> {
        match &input[name] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.as_str())),
            _ => Err(HostError::argument(format!(
                "{name} must be a string or null"
            ))),
        }
    };
    if !input.is_object() {
        return Err(HostError::argument(
            "give the key sources as {accessKey, secretKey, configurePath, configureText, configureError}",
        ));
    }
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
            let code = ErrorCode::from_code_str(e.code()).unwrap_or(ErrorCode::CredentialsInvalid);
            HostError::coded(code, e.message())
        })?;
    Ok(FoundKeys {
        access_key: found.access_key().to_owned(),
        secret_key: found.secret_key().to_owned(),
        source: found.source().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn ok<T: Serialize>(result: Result<T, HostError>) -> Value {
        serde_json::to_value(result.unwrap()).unwrap()
    }

    fn err<T: std::fmt::Debug>(result: Result<T, HostError>) -> Value {
        serde_json::to_value(result.unwrap_err()).unwrap()
    }

    fn public() -> Site {
        Site::Public
    }

    #[test]
    fn every_error_has_the_documented_shape() {
        let e = err(prepare(&v("{}"), None, &public(), false));
        assert_eq!(e["type"], "validation");
        assert_eq!(e["code"], "request.invalid");
        assert!(e["findings"].as_array().is_some_and(|f| !f.is_empty()));
        let e = err(site(Some("moon"), None));
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("argument"), Some("site.invalid"))
        );
        let e = err(prepare(&v("[]"), None, &public(), false));
        assert_eq!(e["findings"][0]["code"], "request.invalid");
        let e = err(inspect(b"hello"));
        assert_eq!(
            (e["type"].as_str(), e["field"].as_str()),
            (Some("csr"), Some("csr"))
        );
        let e = err(read_response(403, b""));
        assert_eq!(
            (
                e["type"].as_str(),
                e["kind"].as_str(),
                e["httpStatus"].as_u64()
            ),
            (Some("api"), Some("http"), Some(403))
        );
        let signing = crate::sign("POST", "no-slash", 1_700_000_000_000, "a", "b").unwrap_err();
        let e = serde_json::to_value(HostError::from(&signing)).unwrap();
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("signing"), Some("signing.path"))
        );
        // The text form is the same object.
        let error = HostError::from(signing);
        assert_eq!(v(&error.to_json()), serde_json::to_value(&error).unwrap());
        assert_eq!(error.code(), "signing.path");
        assert_eq!(error.error_type(), "signing");
    }

    #[test]
    fn every_code_is_in_the_table() {
        let errors = [
            site(Some("moon"), None).unwrap_err(),
            prepare(&v("{}"), None, &public(), false).unwrap_err(),
            inspect(b"hello").unwrap_err(),
            find_keys(&v(r#"{"accessKey":1}"#)).unwrap_err(),
            find_keys(&v(r#"{"configurePath":"/h/c","configureError":"gone"}"#)).unwrap_err(),
            list_certificates(&v(r#"{"page":0}"#), &public()).unwrap_err(),
            json_argument("{", "the request").unwrap_err(),
        ];
        for e in errors {
            assert!(crate::codes::is_known_code(e.code()), "{e}");
            // A code of the table has the type the table gives it; a CSR error carries the
            // finding code that says why.
            match ErrorCode::from_code_str(e.code()) {
                Some(code) => assert_eq!(code.error_type(), e.error_type(), "{e}"),
                None => assert_eq!(e.error_type(), "csr", "{e}"),
            }
        }
    }

    #[test]
    fn keys_from_what_the_host_read() {
        let sources = serde_json::to_value(key_sources()).unwrap();
        assert_eq!(sources["accessKeyEnv"], "NCP_ACCESS_KEY");
        assert_eq!(sources["configureFile"], ".ncloud/configure");
        let file = v(
            r#"{"configurePath":"/h/.ncloud/configure","configureText":"ncloud_access_key_id = AK\nncloud_secret_access_key = SK\n"}"#,
        );
        let found = find_keys(&file).unwrap();
        assert_eq!(
            (found.access_key.as_str(), found.secret_key.as_str()),
            ("AK", "SK")
        );
        assert_eq!(found.source, "/h/.ncloud/configure");
        assert!(!format!("{found:?}").contains("SK\""), "{found:?}");
        let env = v(r#"{"accessKey":"EAK","secretKey":"ESK","configurePath":null}"#);
        assert_eq!(
            find_keys(&env).unwrap().source,
            "NCP_ACCESS_KEY/NCP_SECRET_KEY"
        );
        let missing = v(r#"{"configurePath":"/h/c","configureError":"No such file or directory"}"#);
        let e = err(find_keys(&missing));
        assert_eq!(
            (e["type"].as_str(), e["code"].as_str()),
            (Some("signing"), Some("credentials.missing"))
        );
        assert!(e["message"].as_str().unwrap().contains("/h/c"));
        assert_eq!(err(find_keys(&v(r#"{"accessKey":1}"#)))["type"], "argument");
        assert_eq!(err(find_keys(&v("\"nope\"")))["type"], "argument");
        assert_eq!(
            err(json_argument("nope", "the key sources"))["type"],
            "argument"
        );
    }

    #[test]
    fn lookups_and_outcomes() {
        let gov = site(Some("gov"), None).unwrap();
        let prepared = ok(list_certificates(
            &v(r#"{"certificateName":"a b","page":2,"pageSize":null}"#),
            &gov,
        ));
        assert_eq!(prepared["method"], "GET");
        assert_eq!(
            prepared["url"],
            "https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2"
        );
        assert_eq!(prepared["body"], Value::Null);
        for bad in [
            "[]",
            r#"{"name":"x"}"#,
            r#"{"certificateName":1}"#,
            r#"{"page":-1}"#,
            r#"{"page":0}"#,
            r#"{"certificateName":""}"#,
        ] {
            let e = err(list_certificates(&v(bad), &public()));
            assert_eq!(
                (e["type"].as_str(), e["code"].as_str()),
                (Some("argument"), Some("argument.invalid")),
                "{bad}"
            );
        }
        let body = br#"{"returnCode":"0","orders":[{"orderId":"1","certificates":[{"certificateNo":5,"certificateName":"n","statusCode":"0"}]}]}"#;
        let list = ok(read_certificate_list(200, body, Some("n")));
        assert_eq!(list["match"]["certificateNo"], 5);
        assert_eq!(list["returnCode"], "0");
        let list = ok(read_certificate_list(200, body, Some("N")));
        assert_eq!(list["match"], Value::Null);
        let list = ok(read_certificate_list(200, body, None));
        assert!(list.get("match").is_none());
        let e = err(read_certificate_list(504, b"", None));
        assert_eq!(
            (e["type"].as_str(), e["outcome"].as_str()),
            (Some("api"), Some("ambiguous"))
        );
        assert_eq!(transport_outcome(false).as_str(), "resendable");
        assert_eq!(transport_outcome(true).as_str(), "ambiguous");
    }

    #[test]
    fn the_calls_after_the_request() {
        let custom = site(Some("public"), Some("http://127.0.0.1:9/p")).unwrap();
        let dcv = ok(list_dcv_statuses(
            &v(r#"{"certificateNo":12,"domainAddress":"www.example.com"}"#),
            &custom,
        ));
        assert_eq!(
            dcv["url"],
            "http://127.0.0.1:9/p/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com"
        );
        assert_eq!(dcv["body"], Value::Null);
        let chain = ok(get_certificate_chain(
            &v(r#"{"certificateNo":12}"#),
            &public(),
        ));
        assert_eq!(
            chain["path"],
            "/api/v2/certificate/exportCertificate/12/chain"
        );
        let orgs = ok(list_organizations(&v("{}"), &public()));
        assert_eq!(
            (orgs["method"].as_str(), orgs["body"].as_str()),
            (Some("POST"), Some("{}"))
        );
        let orgs = ok(list_organizations(
            &v(r#"{"verificationProgressCode":7,"organizationNameEng":null}"#),
            &public(),
        ));
        assert_eq!(orgs["body"], r#"{"verificationProgressCode":7}"#);
        type Call = fn(&Value, &Site) -> Result<PreparedRequest, HostError>;
        for (call, bad) in [
            (list_dcv_statuses as Call, r#"{"certificateNo":12}"#),
            (list_dcv_statuses, r#"{"domainAddress":"a.example"}"#),
            (
                list_dcv_statuses,
                r#"{"certificateNo":-1,"domainAddress":"a.example"}"#,
            ),
            (
                list_dcv_statuses,
                r#"{"certificateNo":"12","domainAddress":"a.example"}"#,
            ),
            (
                list_dcv_statuses,
                r#"{"certificateNo":12,"domainAddress":""}"#,
            ),
            (get_certificate_chain, r#"{"certificateNo":0}"#),
            (get_certificate_chain, r#"{"certificateNo":1.5}"#),
            (get_certificate_chain, r#"{"no":1}"#),
            (get_certificate_chain, "7"),
            (list_organizations, r#"{"verificationProgressCode":"7"}"#),
            (list_organizations, r#"{"organizationNameKor":""}"#),
        ] {
            let e = err(call(&v(bad), &public()));
            assert_eq!(
                (e["type"].as_str(), e["code"].as_str()),
                (Some("argument"), Some("argument.invalid")),
                "{bad}"
            );
            assert!(!e["message"].as_str().unwrap_or("").is_empty());
        }
        let body =
            br#"{"returnCode":"0","dnsVerificationList":[{"txtName":"_dnsauth","txtValue":"v"}]}"#;
        let answer = ok(read_dcv_statuses(200, body, Some("example.com")));
        assert_eq!(
            answer["dnsVerificationList"][0]["recordName"],
            "_dnsauth.example.com"
        );
        let answer = ok(read_dcv_statuses(200, body, None));
        assert!(answer["dnsVerificationList"][0].get("recordName").is_none());
        assert_eq!(
            domains_to_validate(&json!(["*.Example.com", "example.com", "www.example.com"]))
                .unwrap(),
            vec!["example.com", "www.example.com"]
        );
        assert_eq!(err(domains_to_validate(&json!([1])))["type"], "argument");
        let e = err(read_certificate_chain(200, br#"{"returnCode":"0"}"#));
        assert_eq!(
            (e["type"].as_str(), e["kind"].as_str()),
            (Some("api"), Some("malformed"))
        );
        let orgs = ok(read_organizations(
            200,
            br#"[{"organizationNo":3,"verificationProgressCode":"7"}]"#,
        ));
        assert_eq!(orgs["organizations"][0]["validated"], true);
    }

    #[test]
    fn nesting_is_refused_as_json_text_refuses_it() {
        let nested = |levels: usize| {
            let mut value = json!(1);
            for _ in 0..levels {
                value = json!([value]);
            }
            json!({"commonName": "www.example.com", "extra": {"x": value}})
        };
        // The request object and `extra` are two levels: 125 arrays inside make 127.
        for (levels, text_refused) in [(125, false), (126, true), (200, true)] {
            let value = nested(levels);
            let text = serde_json::to_string(&value).unwrap();
            assert_eq!(
                AdvancedCertificateRequest::from_json(&text).is_err(),
                text_refused,
                "{levels}"
            );
            let report = validate(&value, None, false);
            let refused = report.findings.len() == 1
                && report.findings[0].code.as_str() == "request.invalid"
                && report.findings[0].field.is_empty();
            assert_eq!(refused, text_refused, "{levels}: {:?}", report.findings);
        }
    }

    #[test]
    fn csr_bytes_replace_the_json_csr() {
        let report = validate(
            &json!({"csr": "not a csr"}),
            Some(b"also not".to_vec()),
            false,
        );
        let csr_findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.field == "csr")
            .collect();
        assert_eq!(csr_findings.len(), 1);
        assert_eq!(csr_findings[0].code.as_str(), "csr.malformed");
    }
}
