//! Python bindings of `ncpcert`, published to PyPI as `ncpcert`.
//!
//! This is `ncpcert._native`, an implementation detail of the pure-Python package in
//! `python/ncpcert/`. Conversion only: every rule, message and code lives in the `ncpcert`
//! core crate. Structured results cross as JSON text; an error is raised as
//! `CoreError(json)` with `{"type": "signing"|"validation"|"csr"|"api"|"argument", "code",
//! "message", …}`, which the Python layer turns into its exception classes.

use ncpcert::{
    AdvancedCertificateRequest, ApiError, CsrError, Policy, Report, Signer, SigningError, Site,
    SiteError,
};
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};
use serde_json::{json, Value};

pyo3::create_exception!(
    _native,
    CoreError,
    PyException,
    "An error of the ncpcert core, as JSON text; the ncpcert package converts it."
);

fn raise(value: Value) -> PyErr {
    CoreError::new_err(value.to_string())
}

fn signing_error(e: SigningError) -> PyErr {
    raise(json!({"type": "signing", "code": e.code(), "message": e.message()}))
}

fn validation_error(report: &Report, message: String) -> PyErr {
    let report: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
    raise(json!({
        "type": "validation",
        "code": "request.invalid",
        "message": message,
        "findings": report["findings"],
    }))
}

fn csr_error(e: CsrError) -> PyErr {
    raise(json!({
        "type": "csr",
        "code": e.code(),
        "message": e.message(),
        "field": e.finding().field,
    }))
}

fn api_error(e: ApiError) -> PyErr {
    let mut value: Value = serde_json::from_str(&e.to_json()).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), "api".into());
    }
    raise(value)
}

fn site_error(e: SiteError) -> PyErr {
    raise(json!({"type": "argument", "code": e.code(), "message": e.to_string()}))
}

/// A timestamp from a Python `int` or `float`; anything else is a `TypeError`.
fn timestamp(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(
            "timestamp_ms must be an int, not bool",
        ));
    }
    if value.is_instance_of::<PyInt>() {
        return match value.extract::<u64>() {
            Ok(ms) => Ok(ms),
            // Negative or beyond 64 bits: let the core say what is wrong with it.
            Err(_) => {
                let as_float = value.extract::<f64>().unwrap_or(f64::INFINITY);
                ncpcert::timestamp_ms_from_f64(as_float).map_err(signing_error)
            }
        };
    }
    if value.is_instance_of::<PyFloat>() {
        return ncpcert::timestamp_ms_from_f64(value.extract::<f64>()?).map_err(signing_error);
    }
    Err(PyTypeError::new_err(format!(
        "timestamp_ms must be an int of milliseconds, not {}",
        value.get_type().name()?
    )))
}

fn policy(strict: bool) -> Policy {
    if strict {
        Policy::strict()
    } else {
        Policy::lenient()
    }
}

fn request(json: &str, csr: Option<Vec<u8>>) -> Result<AdvancedCertificateRequest, Report> {
    let mut request = AdvancedCertificateRequest::from_json(json)?;
    if let Some(bytes) = csr {
        request.csr = Some(bytes);
    }
    Ok(request)
}

/// Signature v2 of one request (base64).
#[pyfunction]
fn sign(
    method: &str,
    path_and_query: &str,
    timestamp_ms: &Bound<'_, PyAny>,
    access_key: &str,
    secret_key: &str,
) -> PyResult<String> {
    let ts = timestamp(timestamp_ms)?;
    ncpcert::sign(method, path_and_query, ts, access_key, secret_key).map_err(signing_error)
}

/// Constant-time check of a received signature.
#[pyfunction]
fn verify(
    method: &str,
    path_and_query: &str,
    timestamp_ms: &Bound<'_, PyAny>,
    access_key: &str,
    secret_key: &str,
    signature: &str,
) -> PyResult<bool> {
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
#[pyfunction]
fn signature_header_names() -> (&'static str, &'static str, &'static str) {
    (
        ncpcert::HEADER_TIMESTAMP,
        ncpcert::HEADER_ACCESS_KEY,
        ncpcert::HEADER_SIGNATURE,
    )
}

/// A keyed signer; the secret is kept only as the keyed HMAC state, wiped when collected.
#[pyclass(frozen, module = "ncpcert._native")]
struct NativeSigner {
    inner: Signer,
}

#[pymethods]
impl NativeSigner {
    #[new]
    fn new(access_key: &str, secret_key: &str) -> PyResult<Self> {
        Signer::new(access_key, secret_key)
            .map(|inner| NativeSigner { inner })
            .map_err(signing_error)
    }

    /// `(method upper-cased, timestamp text, signature)`.
    fn headers(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: &Bound<'_, PyAny>,
    ) -> PyResult<(String, String, String)> {
        let ts = timestamp(timestamp_ms)?;
        let h = self
            .inner
            .headers(method, path_and_query, ts)
            .map_err(signing_error)?;
        Ok((h.method, h.timestamp, h.signature))
    }

    /// Constant-time check of a received signature.
    fn verify(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: &Bound<'_, PyAny>,
        signature: &str,
    ) -> PyResult<bool> {
        let ts = timestamp(timestamp_ms)?;
        self.inner
            .verify(method, path_and_query, ts, signature)
            .map_err(signing_error)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// Every finding at once, as report JSON.
#[pyfunction]
#[pyo3(signature = (request_json, csr, strict))]
fn validate(request_json: &str, csr: Option<Vec<u8>>, strict: bool) -> String {
    match request(request_json, csr) {
        Ok(request) => request.validate(&policy(strict)).to_json(),
        Err(report) => report.to_json(),
    }
}

/// Validates and returns the prepared request as JSON.
#[pyfunction]
#[pyo3(signature = (request_json, csr, site, base_url, strict))]
fn prepare(
    request_json: &str,
    csr: Option<Vec<u8>>,
    site: &str,
    base_url: Option<&str>,
    strict: bool,
) -> PyResult<String> {
    let site = match base_url {
        Some(url) => Site::custom(url),
        None => Site::from_name(site),
    }
    .map_err(site_error)?;
    let request = request(request_json, csr).map_err(|report| {
        let message = ncpcert::PrepareError::Invalid(report.clone()).to_string();
        validation_error(&report, message)
    })?;
    request
        .prepare_with(&site, &policy(strict))
        .map(|prepared| prepared.to_json())
        .map_err(|e| validation_error(e.report(), e.to_string()))
}

/// Reads and checks a CSR (PEM or DER bytes); the report as JSON.
#[pyfunction]
fn inspect_csr(data: &[u8]) -> PyResult<String> {
    ncpcert::inspect_csr(data)
        .map(|report| report.to_json())
        .map_err(csr_error)
}

/// Reads NCP's answer; the issuance response as JSON.
#[pyfunction]
fn parse_response(http_status: u16, body: &[u8]) -> PyResult<String> {
    ncpcert::parse_response(http_status, body)
        .map(|response| response.to_json())
        .map_err(api_error)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add_class::<NativeSigner>()?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(signature_header_names, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_csr, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    Ok(())
}
