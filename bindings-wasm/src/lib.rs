//! WebAssembly bindings of `ncpcert`, published to npm as `ncpcert`.
//!
//! Conversion only: every rule, message and code lives in the `ncpcert` core crate. Values
//! cross the boundary as strings, bytes and numbers; structured results are JSON text that
//! the package's JavaScript layer (`bindings-wasm/js/`) parses. An error is thrown as JSON
//! text `{"type": "signing"|"validation"|"csr"|"api"|"argument", "code", "message", …}`,
//! which that layer turns into the matching `NcpError` subclass.

use ncpcert::{
    AdvancedCertificateRequest, ApiError, CsrError, Policy, PrepareError, Report, Signer,
    SigningError, Site, SiteError,
};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

fn throw(value: Value) -> JsValue {
    JsValue::from_str(&value.to_string())
}

fn signing_error(e: SigningError) -> JsValue {
    throw(json!({"type": "signing", "code": e.code(), "message": e.message()}))
}

fn validation_error(report: &Report, message: String) -> JsValue {
    let report: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
    throw(json!({
        "type": "validation",
        "code": "request.invalid",
        "message": message,
        "findings": report["findings"],
    }))
}

fn csr_error(e: CsrError) -> JsValue {
    let f = e.finding();
    throw(json!({"type": "csr", "code": e.code(), "message": e.message(), "field": f.field}))
}

fn api_error(e: ApiError) -> JsValue {
    let mut value: Value = serde_json::from_str(&e.to_json()).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), "api".into());
    }
    throw(value)
}

fn site_error(e: SiteError) -> JsValue {
    throw(json!({"type": "argument", "code": e.code(), "message": e.to_string()}))
}

fn timestamp(ms: f64) -> Result<u64, JsValue> {
    ncpcert::timestamp_ms_from_f64(ms).map_err(signing_error)
}

fn policy(strict: bool) -> Policy {
    if strict {
        Policy::strict()
    } else {
        Policy::lenient()
    }
}

/// Reads a request from JSON; `csr` given as bytes replaces the JSON's `csr`.
fn request(json: &str, csr: Option<Vec<u8>>) -> Result<AdvancedCertificateRequest, Report> {
    let mut request = AdvancedCertificateRequest::from_json(json)?;
    if let Some(bytes) = csr {
        request.csr = Some(bytes);
    }
    Ok(request)
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
    ncpcert::verify(
        method,
        path_and_query,
        timestamp(timestamp_ms)?,
        access_key,
        secret_key,
        signature,
    )
    .map_err(signing_error)
}

/// Names of the three signature headers, in the order `headers` returns their values.
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
}

#[wasm_bindgen]
impl WasmSigner {
    /// Checks both keys and keys the HMAC once.
    #[wasm_bindgen(constructor)]
    pub fn new(access_key: &str, secret_key: &str) -> Result<WasmSigner, JsValue> {
        Signer::new(access_key, secret_key)
            .map(|inner| WasmSigner { inner })
            .map_err(signing_error)
    }

    /// The signature of one request (base64).
    pub fn signature(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
    ) -> Result<String, JsValue> {
        self.inner
            .signature(method, path_and_query, timestamp(timestamp_ms)?)
            .map_err(signing_error)
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

/// Every finding at once, as report JSON (`{"valid", "findings"}`).
#[wasm_bindgen]
pub fn validate(request_json: &str, csr: Option<Vec<u8>>, strict: bool) -> String {
    match request(request_json, csr) {
        Ok(request) => request.validate(&policy(strict)).to_json(),
        Err(report) => report.to_json(),
    }
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
    let site = match base_url {
        Some(url) => Site::custom(&url),
        None => Site::from_name(site),
    }
    .map_err(site_error)?;
    let request = request(request_json, csr).map_err(|report| {
        validation_error(&report, PrepareError::Invalid(report.clone()).to_string())
    })?;
    request
        .prepare_with(&site, &policy(strict))
        .map(|prepared| prepared.to_json())
        .map_err(|e| validation_error(e.report(), e.to_string()))
}

/// Reads and checks a CSR (PEM text as UTF-8 bytes, or DER); the report as JSON.
#[wasm_bindgen(js_name = inspectCsr)]
pub fn inspect_csr(input: &[u8]) -> Result<String, JsValue> {
    ncpcert::inspect_csr(input)
        .map(|report| report.to_json())
        .map_err(csr_error)
}

/// Reads NCP's answer; the issuance response as JSON.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(http_status: u16, body: &[u8]) -> Result<String, JsValue> {
    ncpcert::parse_response(http_status, body)
        .map(|response| response.to_json())
        .map_err(api_error)
}
