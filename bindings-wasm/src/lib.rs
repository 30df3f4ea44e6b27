//! WebAssembly bindings of `ncpcert`, published to npm as `ncpcert`.
//!
//! Conversion only: every rule, message and code lives in the `ncpcert` core crate, and the
//! JSON shapes of results and errors come from [`ncpcert::host`]. An error is thrown as that
//! JSON text, which the package's JavaScript layer (`bindings-wasm/js/`) turns into the
//! matching `NcpError` subclass.

use ncpcert::host;
use ncpcert::Signer;
use wasm_bindgen::prelude::*;

fn signing_error(e: ncpcert::SigningError) -> JsValue {
    JsValue::from_str(&host::signing_error_json(&e))
}

fn thrown(json: String) -> JsValue {
    JsValue::from_str(&json)
}

/// JavaScript numbers are doubles: the core decides which ones are whole milliseconds.
fn timestamp(ms: f64) -> Result<u64, JsValue> {
    ncpcert::timestamp_ms_from_f64(ms).map_err(signing_error)
}

/// Signature v2 of one request (base64).
#[wasm_bindgen]
pub fn sign(
    method: &str,
    path_and_query: &str,
    timestamp_ms: f64,
    access_key: &str,
    secret_key: &str,
) -> Result<String, JsValue> {
    ncpcert::sign(
        method,
        path_and_query,
        timestamp(timestamp_ms)?,
        access_key,
        secret_key,
    )
    .map_err(signing_error)
}

/// Constant-time check of a received signature.
#[wasm_bindgen]
pub fn verify(
    method: &str,
    path_and_query: &str,
    timestamp_ms: f64,
    access_key: &str,
    secret_key: &str,
    signature: &str,
) -> Result<bool, JsValue> {
    let ts = timestamp(timestamp_ms)?;
    ncpcert::verify(
        method,
        path_and_query,
        ts,
        access_key,
        secret_key,
        signature,
    )
    .map_err(signing_error)
}

/// Names of the three signature headers: timestamp, access key, signature.
#[wasm_bindgen(js_name = signatureHeaderNames)]
pub fn signature_header_names() -> Vec<String> {
    [
        ncpcert::HEADER_TIMESTAMP,
        ncpcert::HEADER_ACCESS_KEY,
        ncpcert::HEADER_SIGNATURE,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A keyed signer; the secret stays in WebAssembly memory and is wiped when freed.
#[wasm_bindgen]
pub struct WasmSigner {
    inner: Signer,
    /// The method and path of the last `signTarget` call that succeeded: clients sign the
    /// same request-target over and over, and `signAgain` spares passing it across the
    /// boundary each time (SPEC §9).
    method: String,
    path_and_query: String,
}

#[wasm_bindgen]
impl WasmSigner {
    /// Checks both keys and keys the HMAC once.
    #[wasm_bindgen(constructor)]
    pub fn new(access_key: &str, secret_key: &str) -> Result<WasmSigner, JsValue> {
        Signer::new(access_key, secret_key)
            .map(|inner| WasmSigner {
                inner,
                method: String::new(),
                path_and_query: String::new(),
            })
            .map_err(signing_error)
    }

    /// The timestamp's decimal digits followed by the 44-character signature, and remembers
    /// `method` and `path_and_query` for `signAgain`. One string back instead of two, and
    /// no number-to-text conversion on the JS side (SPEC §9).
    #[wasm_bindgen(js_name = signTarget)]
    pub fn sign_target(
        &mut self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
    ) -> Result<String, JsValue> {
        let ts = timestamp(timestamp_ms)?;
        let signed = self.timestamp_and_signature(method, path_and_query, ts)?;
        self.method.clear();
        self.method.push_str(method);
        self.path_and_query.clear();
        self.path_and_query.push_str(path_and_query);
        Ok(signed)
    }

    /// Like `signTarget`, for the method and path of the last successful `signTarget`.
    #[wasm_bindgen(js_name = signAgain)]
    pub fn sign_again(&self, timestamp_ms: f64) -> Result<String, JsValue> {
        let ts = timestamp(timestamp_ms)?;
        self.timestamp_and_signature(&self.method, &self.path_and_query, ts)
    }

    /// `[method (upper-cased), timestamp, signature]` for one request.
    pub fn headers(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
    ) -> Result<Vec<String>, JsValue> {
        let h = self
            .inner
            .headers(method, path_and_query, timestamp(timestamp_ms)?)
            .map_err(signing_error)?;
        Ok(vec![h.method, h.timestamp, h.signature])
    }

    /// Constant-time check of a received signature.
    pub fn verify(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
        signature: &str,
    ) -> Result<bool, JsValue> {
        self.inner
            .verify(method, path_and_query, timestamp(timestamp_ms)?, signature)
            .map_err(signing_error)
    }
}

impl WasmSigner {
    fn timestamp_and_signature(
        &self,
        method: &str,
        path_and_query: &str,
        ts: u64,
    ) -> Result<String, JsValue> {
        let signature = self
            .inner
            .signature(method, path_and_query, ts)
            .map_err(signing_error)?;
        let mut out = ts.to_string();
        out.push_str(&signature);
        Ok(out)
    }
}

/// Every finding at once, as report JSON.
#[wasm_bindgen]
pub fn validate(request_json: &str, csr: Option<Vec<u8>>, strict: bool) -> String {
    host::validate_json(request_json, csr, strict)
}

/// Validates and returns the prepared request as JSON.
#[wasm_bindgen]
pub fn prepare(
    request_json: &str,
    csr: Option<Vec<u8>>,
    site: &str,
    base_url: Option<String>,
    strict: bool,
) -> Result<String, JsValue> {
    host::prepare_json(request_json, csr, site, base_url.as_deref(), strict).map_err(thrown)
}

/// Reads and checks a CSR (PEM text as UTF-8 bytes, or DER); the report as JSON.
#[wasm_bindgen(js_name = inspectCsr)]
pub fn inspect_csr(input: &[u8]) -> Result<String, JsValue> {
    host::inspect_csr_json(input).map_err(thrown)
}

/// The ListAdvancedCertificates call from JSON options; the prepared request as JSON.
#[wasm_bindgen(js_name = listCertificates)]
pub fn list_certificates(
    query_json: &str,
    site: &str,
    base_url: Option<String>,
) -> Result<String, JsValue> {
    host::list_certificates_json(query_json, site, base_url.as_deref()).map_err(thrown)
}

/// Reads NCP's answer to ListAdvancedCertificates; with `name`, its exact match too.
#[wasm_bindgen(js_name = parseCertificateList)]
pub fn parse_certificate_list(
    http_status: u16,
    body: &[u8],
    name: Option<String>,
) -> Result<String, JsValue> {
    host::parse_certificate_list_json(http_status, body, name.as_deref()).map_err(thrown)
}

/// The ListDcvStatuses call from JSON options; the prepared request as JSON.
#[wasm_bindgen(js_name = listDcvStatuses)]
pub fn list_dcv_statuses(
    options_json: &str,
    site: &str,
    base_url: Option<String>,
) -> Result<String, JsValue> {
    host::list_dcv_statuses_json(options_json, site, base_url.as_deref()).map_err(thrown)
}

/// Reads NCP's answer to ListDcvStatuses; with `domain`, each record's name to publish.
#[wasm_bindgen(js_name = parseDcvStatuses)]
pub fn parse_dcv_statuses(
    http_status: u16,
    body: &[u8],
    domain: Option<String>,
) -> Result<String, JsValue> {
    host::parse_dcv_statuses_json(http_status, body, domain.as_deref()).map_err(thrown)
}

/// The names to ask ListDcvStatuses about, from the certificate's names (JSON array).
#[wasm_bindgen(js_name = validationDomains)]
pub fn validation_domains(names_json: &str) -> Result<String, JsValue> {
    host::validation_domains_json(names_json).map_err(thrown)
}

/// The GetCertificateChain call from JSON options; the prepared request as JSON.
#[wasm_bindgen(js_name = getCertificateChain)]
pub fn get_certificate_chain(
    options_json: &str,
    site: &str,
    base_url: Option<String>,
) -> Result<String, JsValue> {
    host::get_certificate_chain_json(options_json, site, base_url.as_deref()).map_err(thrown)
}

/// Reads NCP's answer to GetCertificateChain (PEM normalised to LF, with `files`).
#[wasm_bindgen(js_name = parseCertificateChain)]
pub fn parse_certificate_chain(http_status: u16, body: &[u8]) -> Result<String, JsValue> {
    host::parse_certificate_chain_json(http_status, body).map_err(thrown)
}

/// The ListOrganizations call from JSON options; the prepared request as JSON.
#[wasm_bindgen(js_name = listOrganizations)]
pub fn list_organizations(
    options_json: &str,
    site: &str,
    base_url: Option<String>,
) -> Result<String, JsValue> {
    host::list_organizations_json(options_json, site, base_url.as_deref()).map_err(thrown)
}

/// Reads NCP's answer to ListOrganizations.
#[wasm_bindgen(js_name = parseOrganizations)]
pub fn parse_organizations(http_status: u16, body: &[u8]) -> Result<String, JsValue> {
    host::parse_organizations_json(http_status, body).map_err(thrown)
}

/// What a transport failure means for the next attempt.
#[wasm_bindgen(js_name = transportOutcome)]
pub fn transport_outcome(written: bool) -> String {
    host::transport_outcome(written).to_string()
}

/// Reads NCP's answer; the issuance response as JSON.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(http_status: u16, body: &[u8]) -> Result<String, JsValue> {
    host::parse_response_json(http_status, body).map_err(thrown)
}

/// Where the keys are looked for (environment variable names, the credentials file under the
/// home directory), as JSON.
#[wasm_bindgen(js_name = keySources)]
pub fn key_sources() -> String {
    host::key_sources_json()
}

/// The keys from what the host read (environment values, the credentials file's text), by
/// the core's one rule; `{"accessKey", "secretKey", "source"}` as JSON.
#[wasm_bindgen(js_name = findKeys)]
pub fn find_keys(sources_json: &str) -> Result<String, JsValue> {
    host::find_keys_json(sources_json).map_err(thrown)
}
