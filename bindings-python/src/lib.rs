//! Python bindings of `ncpcert`, published to PyPI as `ncpcert`.
//!
//! This is `ncpcert._native`, an implementation detail of the pure-Python package in
//! `python/ncpcert/`. Conversion only: every rule, message and code lives in the `ncpcert`
//! core crate, and the JSON shapes of results and errors come from [`ncpcert::host`]. An
//! error is raised as `CoreError(json)`, which the Python layer turns into its exception
//! classes.

use ncpcert::host;
use ncpcert::{Signer, SigningError};
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use std::sync::{Mutex, MutexGuard};

pyo3::create_exception!(
    _native,
    CoreError,
    PyException,
    "An error of the ncpcert core, as JSON text; the ncpcert package converts it."
);

fn signing_error(e: SigningError) -> PyErr {
    CoreError::new_err(host::signing_error_json(&e))
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
    let [timestamp, access_key, signature] = ncpcert::SIGNATURE_HEADERS;
    (timestamp, access_key, signature)
}

/// A keyed signer; the secret is kept only as the keyed HMAC state, wiped when collected.
#[pyclass(frozen, module = "ncpcert._native")]
struct NativeSigner {
    inner: Signer,
    /// The access key as a Python string, made once: every header dict shares it.
    access_key: Py<PyString>,
}

#[pymethods]
impl NativeSigner {
    #[new]
    fn new(py: Python<'_>, access_key: &str, secret_key: &str) -> PyResult<Self> {
        Signer::new(access_key, secret_key)
            .map(|inner| NativeSigner {
                inner,
                access_key: PyString::new(py, access_key).unbind(),
            })
            .map_err(signing_error)
    }

    /// The three signature headers as a `dict`, built here so that the hot path of
    /// `Signer.headers` is one call (SPEC §9).
    fn header_dict<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path_and_query: &str,
        timestamp_ms: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let ts = timestamp(timestamp_ms)?;
        let signature = self
            .inner
            .signature(method, path_and_query, ts)
            .map_err(signing_error)?;
        let headers = PyDict::new(py);
        headers.set_item(intern!(py, ncpcert::HEADER_TIMESTAMP), ts.to_string())?;
        headers.set_item(
            intern!(py, ncpcert::HEADER_ACCESS_KEY),
            self.access_key.bind(py),
        )?;
        headers.set_item(intern!(py, ncpcert::HEADER_SIGNATURE), signature)?;
        Ok(headers)
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
    host::validate_json(request_json, csr, strict)
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
    host::prepare_json(request_json, csr, site, base_url, strict).map_err(CoreError::new_err)
}

/// Reads and checks a CSR (PEM or DER bytes); the report as JSON.
#[pyfunction]
fn inspect_csr(data: &[u8]) -> PyResult<String> {
    host::inspect_csr_json(data).map_err(CoreError::new_err)
}

/// Reads NCP's answer; the issuance response as JSON.
#[pyfunction]
fn parse_response(http_status: u16, body: &[u8]) -> PyResult<String> {
    host::parse_response_json(http_status, body).map_err(CoreError::new_err)
}

/// The ListAdvancedCertificates call from JSON options; the prepared request as JSON.
#[pyfunction]
#[pyo3(signature = (query_json, site, base_url))]
fn list_certificates(query_json: &str, site: &str, base_url: Option<&str>) -> PyResult<String> {
    host::list_certificates_json(query_json, site, base_url).map_err(CoreError::new_err)
}

/// Reads NCP's answer to ListAdvancedCertificates; with `name`, its exact match too.
#[pyfunction]
#[pyo3(signature = (http_status, body, name))]
fn parse_certificate_list(http_status: u16, body: &[u8], name: Option<&str>) -> PyResult<String> {
    host::parse_certificate_list_json(http_status, body, name).map_err(CoreError::new_err)
}

/// The ListDcvStatuses call from JSON options; the prepared request as JSON.
#[pyfunction]
#[pyo3(signature = (options_json, site, base_url))]
fn list_dcv_statuses(options_json: &str, site: &str, base_url: Option<&str>) -> PyResult<String> {
    host::list_dcv_statuses_json(options_json, site, base_url).map_err(CoreError::new_err)
}

/// Reads NCP's answer to ListDcvStatuses; with `domain`, each record's name to publish.
#[pyfunction]
#[pyo3(signature = (http_status, body, domain))]
fn parse_dcv_statuses(http_status: u16, body: &[u8], domain: Option<&str>) -> PyResult<String> {
    host::parse_dcv_statuses_json(http_status, body, domain).map_err(CoreError::new_err)
}

/// The names to ask ListDcvStatuses about, from the certificate's names (JSON array).
#[pyfunction]
fn validation_domains(names_json: &str) -> PyResult<String> {
    host::validation_domains_json(names_json).map_err(CoreError::new_err)
}

/// The GetCertificateChain call from JSON options; the prepared request as JSON.
#[pyfunction]
#[pyo3(signature = (options_json, site, base_url))]
fn get_certificate_chain(
    options_json: &str,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<String> {
    host::get_certificate_chain_json(options_json, site, base_url).map_err(CoreError::new_err)
}

/// Reads NCP's answer to GetCertificateChain (PEM normalised to LF, with `files`).
#[pyfunction]
fn parse_certificate_chain(http_status: u16, body: &[u8]) -> PyResult<String> {
    host::parse_certificate_chain_json(http_status, body).map_err(CoreError::new_err)
}

/// The ListOrganizations call from JSON options; the prepared request as JSON.
#[pyfunction]
#[pyo3(signature = (options_json, site, base_url))]
fn list_organizations(options_json: &str, site: &str, base_url: Option<&str>) -> PyResult<String> {
    host::list_organizations_json(options_json, site, base_url).map_err(CoreError::new_err)
}

/// Reads NCP's answer to ListOrganizations.
#[pyfunction]
fn parse_organizations(http_status: u16, body: &[u8]) -> PyResult<String> {
    host::parse_organizations_json(http_status, body).map_err(CoreError::new_err)
}

/// What a transport failure means for the next attempt.
#[pyfunction]
fn transport_outcome(written: bool) -> &'static str {
    host::transport_outcome(written)
}

/// Where the keys are looked for (environment variable names, the credentials file under
/// the home directory), as JSON.
#[pyfunction]
fn key_sources() -> String {
    host::key_sources_json()
}

/// The keys from what the host read (environment values, the credentials file's text), by
/// the core's one rule; `{"accessKey", "secretKey", "source"}` as JSON.
#[pyfunction]
fn find_keys(sources_json: &str) -> PyResult<String> {
    host::find_keys_json(sources_json).map_err(CoreError::new_err)
}

/// The order workflow (SPEC §14) with JSON in and out: [`host::OrderDriver`] behind a lock,
/// so that a driver shared between threads is used by one at a time instead of refused.
#[pyclass(frozen, module = "ncpcert._native")]
struct OrderDriver {
    inner: Mutex<host::OrderDriver>,
}

impl OrderDriver {
    fn driver(&self) -> MutexGuard<'_, host::OrderDriver> {
        // Nothing here panics while holding the lock; were the lock poisoned anyway, the
        // machine's own state is still consistent (each call is one step), so it is used.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl OrderDriver {
    /// The workflow of a request (JSON with the API's names; `csr` as bytes replaces the
    /// JSON's) with its options (JSON: `site`, `baseUrl`, `strict`, `retries`, `backoffMs`,
    /// `journal`).
    #[new]
    #[pyo3(signature = (request_json, csr, options_json))]
    fn new(request_json: &str, csr: Option<Vec<u8>>, options_json: &str) -> PyResult<Self> {
        host::OrderDriver::new(request_json, csr, options_json)
            .map(|driver| OrderDriver {
                inner: Mutex::new(driver),
            })
            .map_err(CoreError::new_err)
    }

    /// The next action as JSON; `now_ms` dates journal entries.
    fn next(&self, now_ms: u64) -> PyResult<String> {
        self.driver().next(now_ms).map_err(CoreError::new_err)
    }

    /// The answer to the call sent last.
    #[pyo3(signature = (http_status, body, date, received_at_ms))]
    fn receive(
        &self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> PyResult<()> {
        self.driver()
            .receive(http_status, body, date, received_at_ms)
            .map_err(CoreError::new_err)
    }

    /// The failure of the call sent last; `written` when any byte of it may have been sent.
    fn transport_failed(&self, written: bool, message: &str) -> PyResult<()> {
        self.driver()
            .transport_failed(written, message)
            .map_err(CoreError::new_err)
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add_class::<NativeSigner>()?;
    m.add_class::<OrderDriver>()?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(signature_header_names, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_csr, m)?)?;
    m.add_function(wrap_pyfunction!(parse_response, m)?)?;
    m.add_function(wrap_pyfunction!(list_certificates, m)?)?;
    m.add_function(wrap_pyfunction!(parse_certificate_list, m)?)?;
    m.add_function(wrap_pyfunction!(list_dcv_statuses, m)?)?;
    m.add_function(wrap_pyfunction!(parse_dcv_statuses, m)?)?;
    m.add_function(wrap_pyfunction!(validation_domains, m)?)?;
    m.add_function(wrap_pyfunction!(get_certificate_chain, m)?)?;
    m.add_function(wrap_pyfunction!(parse_certificate_chain, m)?)?;
    m.add_function(wrap_pyfunction!(list_organizations, m)?)?;
    m.add_function(wrap_pyfunction!(parse_organizations, m)?)?;
    m.add_function(wrap_pyfunction!(transport_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(key_sources, m)?)?;
    m.add_function(wrap_pyfunction!(find_keys, m)?)?;
    Ok(())
}
