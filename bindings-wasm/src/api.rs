//! The full module's exports besides signing: validation, preparation, the calls after the
//! request, NCP's answers and the keys' sources, over the core's host surface.

use crate::convert::{argument, host, input, output, thrown};
use ncpcert::host::{self as core, HostError};
use ncpcert::{Code, ErrorCode, Finding, Lang, Policy, PrepareError, Report, Site};
use wasm_bindgen::prelude::*;

/// The report of a request that cannot be read as JSON: the one finding the core gives a
/// request that is not an object, with why.
fn unreadable(why: &str) -> Report {
    let message = format!(
        "the request cannot be read: {why}; pass a plain object with the API's field names"
    );
    Report::from_findings(
        vec![Finding::new(Code::RequestInvalid, "", message)],
        &Policy::lenient(),
    )
}

fn site(site: Option<String>, base_url: Option<String>, lang: Lang) -> Result<Site, JsValue> {
    core::site(site.as_deref(), base_url.as_deref()).map_err(|e| thrown(e.localized(lang)))
}

/// The language named (`"en"` or `"ko"`; English when none is).
pub(crate) fn lang(lang: Option<String>) -> Result<Lang, JsValue> {
    core::lang(lang.as_deref()).map_err(thrown)
}

/// Every finding at once, its messages in `lang`: the report, never an error for a bad
/// request.
#[wasm_bindgen]
pub fn validate(
    request: JsValue,
    csr: Option<Vec<u8>>,
    strict: bool,
    lang: Option<String>,
) -> Result<JsValue, JsValue> {
    let lang = self::lang(lang)?;
    let report = match input(&request) {
        Ok(request) => core::validate(&request, csr, strict),
        Err(why) => unreadable(&why),
    };
    Ok(output(&report.localized(lang)))
}

/// The prepared request, or a `validation` error with every finding.
#[wasm_bindgen]
pub fn prepare(
    request: JsValue,
    csr: Option<Vec<u8>>,
    site: Option<String>,
    base_url: Option<String>,
    strict: bool,
    lang: Option<String>,
) -> Result<JsValue, JsValue> {
    let lang = self::lang(lang)?;
    let site = self::site(site, base_url, lang)?;
    let request = input(&request).map_err(|why| {
        thrown(HostError::from(PrepareError::Invalid(unreadable(&why))).localized(lang))
    })?;
    host(core::prepare(&request, csr, &site, strict).map_err(|e| e.localized(lang)))
}

/// Reads and checks a CSR (PEM text as UTF-8 bytes, or DER): the report, its messages (and
/// the error's) in `lang`.
#[wasm_bindgen(js_name = inspectCsr)]
pub fn inspect_csr(input: &[u8], lang: Option<String>) -> Result<JsValue, JsValue> {
    let lang = self::lang(lang)?;
    host(
        core::inspect(input)
            .map(|report| report.localized(lang))
            .map_err(|e| e.localized(lang)),
    )
}

/// Reads NCP's answer to the issuance request.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(http_status: u16, body: &[u8]) -> Result<JsValue, JsValue> {
    host(core::read_response(http_status, body))
}

/// The ListAdvancedCertificates call from `{certificateName?, page?, pageSize?}`.
#[wasm_bindgen(js_name = listCertificates)]
pub fn list_certificates(
    query: JsValue,
    site: Option<String>,
    base_url: Option<String>,
) -> Result<JsValue, JsValue> {
    let query = argument(&query, "lookup options")?;
    host(core::list_certificates(
        &query,
        &self::site(site, base_url, Lang::En)?,
    ))
}

/// Reads NCP's answer to ListAdvancedCertificates; with `name`, its exact match too.
#[wasm_bindgen(js_name = parseCertificateList)]
pub fn parse_certificate_list(
    http_status: u16,
    body: &[u8],
    name: Option<String>,
) -> Result<JsValue, JsValue> {
    host(core::read_certificate_list(
        http_status,
        body,
        name.as_deref(),
    ))
}

/// The ListDcvStatuses call from `{certificateNo, domainAddress}`.
#[wasm_bindgen(js_name = listDcvStatuses)]
pub fn list_dcv_statuses(
    options: JsValue,
    site: Option<String>,
    base_url: Option<String>,
) -> Result<JsValue, JsValue> {
    let options = argument(&options, "domain validation options")?;
    host(core::list_dcv_statuses(
        &options,
        &self::site(site, base_url, Lang::En)?,
    ))
}

/// Reads NCP's answer to ListDcvStatuses; with `domain`, each record's name to publish.
#[wasm_bindgen(js_name = parseDcvStatuses)]
pub fn parse_dcv_statuses(
    http_status: u16,
    body: &[u8],
    domain: Option<String>,
) -> Result<JsValue, JsValue> {
    host(core::read_dcv_statuses(
        http_status,
        body,
        domain.as_deref(),
    ))
}

/// The names to ask ListDcvStatuses about, from the certificate's names.
#[wasm_bindgen(js_name = validationDomains)]
pub fn validation_domains(names: JsValue) -> Result<JsValue, JsValue> {
    let names = argument(&names, "names")?;
    host(core::domains_to_validate(&names))
}

/// The GetCertificateChain call from `{certificateNo}`.
#[wasm_bindgen(js_name = getCertificateChain)]
pub fn get_certificate_chain(
    options: JsValue,
    site: Option<String>,
    base_url: Option<String>,
) -> Result<JsValue, JsValue> {
    let options = argument(&options, "chain options")?;
    host(core::get_certificate_chain(
        &options,
        &self::site(site, base_url, Lang::En)?,
    ))
}

/// Reads NCP's answer to GetCertificateChain (PEM normalised to LF, with `files`).
#[wasm_bindgen(js_name = parseCertificateChain)]
pub fn parse_certificate_chain(http_status: u16, body: &[u8]) -> Result<JsValue, JsValue> {
    host(core::read_certificate_chain(http_status, body))
}

/// The ListOrganizations call from its filters.
#[wasm_bindgen(js_name = listOrganizations)]
pub fn list_organizations(
    filters: JsValue,
    site: Option<String>,
    base_url: Option<String>,
) -> Result<JsValue, JsValue> {
    let filters = argument(&filters, "organisation filters")?;
    host(core::list_organizations(
        &filters,
        &self::site(site, base_url, Lang::En)?,
    ))
}

/// Reads NCP's answer to ListOrganizations.
#[wasm_bindgen(js_name = parseOrganizations)]
pub fn parse_organizations(http_status: u16, body: &[u8]) -> Result<JsValue, JsValue> {
    host(core::read_organizations(http_status, body))
}

/// What a transport failure means for the next attempt.
#[wasm_bindgen(js_name = transportOutcome)]
pub fn transport_outcome(written: bool) -> JsValue {
    output(&core::transport_outcome(written))
}

/// Where the keys are looked for: the environment variables' names and the credentials file
/// under the home directory.
#[wasm_bindgen(js_name = keySources)]
pub fn key_sources() -> JsValue {
    output(&core::key_sources())
}

/// The keys from what the host read (environment values, the credentials file's text), by
/// the core's one rule: `{accessKey, secretKey, source}`.
#[wasm_bindgen(js_name = findKeys)]
pub fn find_keys(sources: JsValue) -> Result<JsValue, JsValue> {
    let sources = argument(&sources, "key sources")?;
    host(core::find_keys(&sources))
}

/// Every code an error or a finding can carry, from the core's tables (NCP's own codes of
/// `api` errors aside): what the package's tests check its own code literals against.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    let errors = ErrorCode::ALL.iter().map(|c| c.as_str());
    let findings = Code::ALL.iter().map(|c| c.as_str());
    errors.chain(findings).map(String::from).collect()
}
