//! Python bindings of `ncpcert`, published to PyPI as `ncpcert`.
//!
//! This is `ncpcert._native`, an implementation detail of the pure-Python package in
//! `python/ncpcert/`. Conversion only: every rule, message and code lives in the `ncpcert`
//! core crate. Arguments are Python objects read with `pythonize::depythonize`, results are
//! the core's typed values made into Python objects with `pythonize::pythonize` (the same
//! dicts, lists and strings as the core's JSON shapes), and an error is raised as
//! `CoreError(dict)`, the core's error object, which the Python layer turns into its
//! exception classes. No JSON text crosses this boundary.

use ncpcert::host::{self, HostError};
use ncpcert::{Code, ErrorCode, Signer, SigningError};
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use serde::Serialize;
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};

pyo3::create_exception!(
    _native,
    CoreError,
    PyException,
    "An error of the ncpcert core, as a dict (`type`, `code`, `message`, …); the ncpcert \
     package converts it."
);

/// `"en"` or `"ko"` (the `lang` argument of the calls that produce messages).
fn lang(text: &str) -> PyResult<ncpcert::Lang> {
    ncpcert::Lang::from_code_str(text).ok_or_else(|| {
        core_error(HostError::argument(format!(
            "lang must be \"en\" or \"ko\", not {:?}",
            ncpcert::report::excerpt_for_host(text)
        )))
    })
}

/// The core's error, in `lang`, as `CoreError(dict)`.
fn core_error_in(lang: ncpcert::Lang) -> impl Fn(HostError) -> PyErr {
    move |error| core_error(error.localized(lang))
}

/// The core's error as `CoreError(dict)`.
fn core_error(error: HostError) -> PyErr {
    Python::attach(|py| match pythonize::pythonize(py, &error) {
        Ok(dict) => CoreError::new_err(dict.unbind()),
        // Strings, numbers and lists of them always convert; were one not to, the error's
        // own code and message still reach the user.
        Err(_) => {
            let dict = PyDict::new(py);
            let fields = [
                ("type", error.error_type()),
                ("code", error.code()),
                ("message", error.message()),
            ];
            for (key, value) in fields {
                if let Err(e) = dict.set_item(key, value) {
                    return e;
                }
            }
            CoreError::new_err(dict.unbind())
        }
    })
}

fn signing_error(e: SigningError) -> PyErr {
    core_error(HostError::from(e))
}

/// A typed result of the core as Python objects (dicts with the core's field names).
fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| {
        core_error(HostError::coded(
            ErrorCode::InternalEngine,
            format!("the core's result could not be made into Python objects: {e}"),
        ))
    })
}

/// A Python argument (dict, list, str, int, float, bool, None) as a JSON value; another type
/// is a `TypeError`.
fn from_python(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(pythonize::depythonize(value)?)
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
    /// `Signer.headers` is one call.
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

/// The text of a code of the core's tables in `lang`, for a finding the package reports
/// itself (a value JSON cannot carry).
#[pyfunction]
fn code_text(code: &str, lang: &str) -> PyResult<String> {
    let lang = self::lang(lang)?;
    host::code_text(code, lang)
        .ok_or_else(|| core_error(HostError::argument(format!("no code {code:?}"))))
}

/// Every finding at once, as the report's dict.
#[pyfunction]
#[pyo3(signature = (request, csr, strict, lang="en"))]
fn validate<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    csr: Option<Vec<u8>>,
    strict: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = self::lang(lang)?;
    let report = host::validate(&from_python(request)?, csr, strict);
    to_python(py, &report.localized(lang))
}

/// The site's endpoint: `site` by name, or `base_url` when given.
fn site(site: &str, base_url: Option<&str>) -> PyResult<ncpcert::Site> {
    host::site(Some(site), base_url).map_err(core_error)
}

/// Validates and returns the prepared request.
#[pyfunction]
#[pyo3(signature = (request, csr, site, base_url, strict, lang="en"))]
fn prepare<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    csr: Option<Vec<u8>>,
    site: &str,
    base_url: Option<&str>,
    strict: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = self::lang(lang)?;
    let request = from_python(request)?;
    let site = host::site(Some(site), base_url).map_err(core_error_in(lang))?;
    let prepared = host::prepare(&request, csr, &site, strict).map_err(core_error_in(lang))?;
    to_python(py, &prepared)
}

/// Reads and checks a CSR (PEM or DER bytes); the report.
#[pyfunction]
#[pyo3(signature = (data, lang="en"))]
fn inspect_csr<'py>(py: Python<'py>, data: &[u8], lang: &str) -> PyResult<Bound<'py, PyAny>> {
    let lang = self::lang(lang)?;
    let report = host::inspect(data).map_err(core_error_in(lang))?;
    to_python(py, &report.localized(lang))
}

/// Reads NCP's answer; the issuance response.
#[pyfunction]
fn parse_response<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::read_response(http_status, body).map_err(core_error)?,
    )
}

/// The ListAdvancedCertificates call from its options; the prepared request.
#[pyfunction]
#[pyo3(signature = (query, site, base_url))]
fn list_certificates<'py>(
    py: Python<'py>,
    query: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let query = from_python(query)?;
    let site = self::site(site, base_url)?;
    to_python(
        py,
        &host::list_certificates(&query, &site).map_err(core_error)?,
    )
}

/// Reads NCP's answer to ListAdvancedCertificates; with `name`, its exact match too.
#[pyfunction]
#[pyo3(signature = (http_status, body, name))]
fn parse_certificate_list<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
    name: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let answer = host::read_certificate_list(http_status, body, name).map_err(core_error)?;
    to_python(py, &answer)
}

/// The ListDcvStatuses call from its options; the prepared request.
#[pyfunction]
#[pyo3(signature = (options, site, base_url))]
fn list_dcv_statuses<'py>(
    py: Python<'py>,
    options: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = from_python(options)?;
    let site = self::site(site, base_url)?;
    to_python(
        py,
        &host::list_dcv_statuses(&options, &site).map_err(core_error)?,
    )
}

/// Reads NCP's answer to ListDcvStatuses; with `domain`, each record's name to publish.
#[pyfunction]
#[pyo3(signature = (http_status, body, domain))]
fn parse_dcv_statuses<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
    domain: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let statuses = host::read_dcv_statuses(http_status, body, domain).map_err(core_error)?;
    to_python(py, &statuses)
}

/// The names to ask ListDcvStatuses about, from the certificate's names (a list of str).
#[pyfunction]
fn validation_domains(names: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    host::domains_to_validate(&from_python(names)?).map_err(core_error)
}

/// The GetCertificateChain call from its options; the prepared request.
#[pyfunction]
#[pyo3(signature = (options, site, base_url))]
fn get_certificate_chain<'py>(
    py: Python<'py>,
    options: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = from_python(options)?;
    let site = self::site(site, base_url)?;
    to_python(
        py,
        &host::get_certificate_chain(&options, &site).map_err(core_error)?,
    )
}

/// Reads NCP's answer to GetCertificateChain (PEM normalised to LF, with `files`).
#[pyfunction]
fn parse_certificate_chain<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::read_certificate_chain(http_status, body).map_err(core_error)?,
    )
}

/// The ListOrganizations call from its options; the prepared request.
#[pyfunction]
#[pyo3(signature = (options, site, base_url))]
fn list_organizations<'py>(
    py: Python<'py>,
    options: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = from_python(options)?;
    let site = self::site(site, base_url)?;
    to_python(
        py,
        &host::list_organizations(&options, &site).map_err(core_error)?,
    )
}

/// Reads NCP's answer to ListOrganizations.
#[pyfunction]
fn parse_organizations<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::read_organizations(http_status, body).map_err(core_error)?,
    )
}

/// What a transport failure means for the next attempt.
#[pyfunction]
fn transport_outcome(written: bool) -> &'static str {
    host::transport_outcome(written).as_str()
}

/// Where the keys are looked for (environment variable names, the credentials file under
/// the home directory).
#[pyfunction]
fn key_sources(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &host::key_sources())
}

/// The keys from what the host read (environment values, the credentials file's text), by
/// the core's one rule: `{"accessKey", "secretKey", "source"}`.
#[pyfunction]
fn find_keys<'py>(py: Python<'py>, sources: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let found = host::find_keys(&from_python(sources)?).map_err(core_error)?;
    to_python(py, &found)
}

/// The core's table of error codes, each with the error type it belongs to (`type`).
#[pyfunction]
fn error_codes() -> Vec<(&'static str, &'static str)> {
    ErrorCode::ALL
        .iter()
        .map(|code| (code.as_str(), code.error_type()))
        .collect()
}

/// The core's table of finding codes (which a finding, or a `csr` error, carries).
#[pyfunction]
fn finding_codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|code| code.as_str()).collect()
}

/// The order workflow with Python objects in and out: [`host::OrderDriver`] behind a lock,
/// so that a driver shared between threads is used by one at a time instead of refused.
#[pyclass(frozen, module = "ncpcert._native")]
struct OrderDriver {
    inner: Mutex<host::OrderDriver>,
    lang: ncpcert::Lang,
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
    /// The workflow of a request (a dict with the API's names; `csr` as bytes replaces the
    /// dict's) with its options (a dict: `site`, `baseUrl`, `strict`, `retries`,
    /// `backoffMs`, `journal`).
    #[new]
    #[pyo3(signature = (request, csr, options, lang="en"))]
    fn new(
        request: &Bound<'_, PyAny>,
        csr: Option<Vec<u8>>,
        options: &Bound<'_, PyAny>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = self::lang(lang)?;
        let request = from_python(request)?;
        let options = from_python(options)?;
        host::OrderDriver::new(&request, csr, &options)
            .map(|driver| OrderDriver {
                inner: Mutex::new(driver),
                lang,
            })
            .map_err(core_error_in(lang))
    }

    /// The next action as a dict (`action` names it); `now_ms` dates journal entries.
    fn next<'py>(&self, py: Python<'py>, now_ms: u64) -> PyResult<Bound<'py, PyAny>> {
        let action = self
            .driver()
            .next(now_ms)
            .map_err(core_error_in(self.lang))?;
        to_python(py, &action.localized(self.lang))
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
            .map_err(core_error_in(self.lang))
    }

    /// The failure of the call sent last; `written` when any byte of it may have been sent.
    fn transport_failed(&self, written: bool, message: &str) -> PyResult<()> {
        self.driver()
            .transport_failed(written, message)
            .map_err(core_error_in(self.lang))
    }
}

/// The hands-free issuance workflow with Python objects in and out: [`host::IssuanceDriver`]
/// behind a lock, as [`OrderDriver`].
#[pyclass(frozen, module = "ncpcert._native")]
struct IssuanceDriver {
    inner: Mutex<host::IssuanceDriver>,
    lang: ncpcert::Lang,
}

impl IssuanceDriver {
    fn driver(&self) -> MutexGuard<'_, host::IssuanceDriver> {
        // As for OrderDriver: each call is one step, so a poisoned lock's state is usable.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl IssuanceDriver {
    /// The workflow of a request (a dict with the API's names; `csr` as bytes replaces the
    /// dict's) with its options (a dict with the core's option names: `baseUrl`, `dns`,
    /// `dnsBaseUrl`, `dnsResolver`, `pollIntervalMs`, `waitTimeoutMs`, `journal`, `entropy`,
    /// …).
    #[new]
    #[pyo3(signature = (request, csr, options, lang="en"))]
    fn new(
        request: &Bound<'_, PyAny>,
        csr: Option<Vec<u8>>,
        options: &Bound<'_, PyAny>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = self::lang(lang)?;
        let request = from_python(request)?;
        let options = from_python(options)?;
        host::IssuanceDriver::new(&request, csr, &options)
            .map(|driver| IssuanceDriver {
                inner: Mutex::new(driver),
                lang,
            })
            .map_err(core_error_in(lang))
    }

    /// The next action as a dict (`action` names it); `now_ms` is the host's clock.
    fn next<'py>(&self, py: Python<'py>, now_ms: u64) -> PyResult<Bound<'py, PyAny>> {
        let action = self
            .driver()
            .next(now_ms)
            .map_err(core_error_in(self.lang))?;
        to_python(py, &action.localized(self.lang))
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
            .map_err(core_error_in(self.lang))
    }

    /// The failure of the call sent last; `written` when any byte of it may have been sent.
    fn transport_failed(&self, written: bool, message: &str) -> PyResult<()> {
        self.driver()
            .transport_failed(written, message)
            .map_err(core_error_in(self.lang))
    }

    /// The answer's bytes of the DNS query sent last.
    fn receive_dns(&self, answer: &[u8]) -> PyResult<()> {
        self.driver()
            .receive_dns(answer)
            .map_err(core_error_in(self.lang))
    }

    /// The failure of the DNS query sent last.
    fn dns_failed(&self, message: &str) -> PyResult<()> {
        self.driver()
            .dns_failed(message)
            .map_err(core_error_in(self.lang))
    }

    /// The hook's outcome: `ok` when it succeeded; `output` says why when it did not.
    fn hook_done(&self, ok: bool, output: &str) -> PyResult<()> {
        self.driver()
            .hook_done(ok, output)
            .map_err(core_error_in(self.lang))
    }
}

/// A Global DNS publication (preflight, present, wait, clean-up) with Python objects in and
/// out: [`host::PublicationDriver`] behind a lock.
#[pyclass(frozen, module = "ncpcert._native")]
struct PublicationDriver {
    inner: Mutex<host::PublicationDriver>,
    lang: ncpcert::Lang,
}

impl PublicationDriver {
    fn driver(&self) -> MutexGuard<'_, host::PublicationDriver> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl PublicationDriver {
    /// The operation its options describe (a dict: `operation`, `names` or `records`,
    /// `dnsBaseUrl`, `dnsResolver`, `timeoutMs`, `entropy`, …).
    #[new]
    #[pyo3(signature = (options, lang="en"))]
    fn new(options: &Bound<'_, PyAny>, lang: &str) -> PyResult<Self> {
        let lang = self::lang(lang)?;
        let options = from_python(options)?;
        host::PublicationDriver::new(&options)
            .map(|driver| PublicationDriver {
                inner: Mutex::new(driver),
                lang,
            })
            .map_err(core_error_in(lang))
    }

    /// The next action as a dict (`action` names it); `now_ms` is the host's clock.
    fn next<'py>(&self, py: Python<'py>, now_ms: u64) -> PyResult<Bound<'py, PyAny>> {
        let action = self
            .driver()
            .next(now_ms)
            .map_err(core_error_in(self.lang))?;
        to_python(py, &action.localized(self.lang))
    }

    /// The answer to the call sent last.
    fn receive(&self, http_status: u16, body: &[u8]) -> PyResult<()> {
        self.driver()
            .receive(http_status, body)
            .map_err(core_error_in(self.lang))
    }

    /// The failure of the call sent last.
    fn transport_failed(&self, written: bool, message: &str) -> PyResult<()> {
        self.driver()
            .transport_failed(written, message)
            .map_err(core_error_in(self.lang))
    }

    /// The answer's bytes of the DNS query sent last.
    fn receive_dns(&self, answer: &[u8]) -> PyResult<()> {
        self.driver()
            .receive_dns(answer)
            .map_err(core_error_in(self.lang))
    }

    /// The failure of the DNS query sent last.
    fn dns_failed(&self, message: &str) -> PyResult<()> {
        self.driver()
            .dns_failed(message)
            .map_err(core_error_in(self.lang))
    }
}

/// The TXT record certbot's hooks ask for, from `CERTBOT_DOMAIN` and `CERTBOT_VALIDATION`:
/// `{"fqdn", "value"}`.
#[pyfunction]
fn certbot_record<'py>(
    py: Python<'py>,
    domain: &str,
    validation: &str,
) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::certbot_record(domain, validation).map_err(core_error)?,
    )
}

/// A TXT record from a name (a trailing dot allowed) and a value, checked: `{"fqdn", "value"}`.
#[pyfunction]
fn txt_record<'py>(py: Python<'py>, fqdn: &str, value: &str) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, &host::txt_record(fqdn, value).map_err(core_error)?)
}

/// A private key (PKCS#8 PEM) of `algorithm` made from `entropy`, bytes the caller drew from
/// the operating system. The core's copy is wiped; the Python `str` is the caller's.
#[pyfunction]
#[pyo3(signature = (algorithm, entropy, lang="en"))]
fn generate_key(algorithm: &str, entropy: &[u8], lang: &str) -> PyResult<String> {
    let lang = self::lang(lang)?;
    let key = host::generate_key(Some(algorithm), entropy).map_err(core_error_in(lang))?;
    Ok(key.as_str().to_owned())
}

/// A CSR (PEM) for `names` (a list of str), signed with the private key `key_pem`.
#[pyfunction]
#[pyo3(signature = (key_pem, names, lang="en"))]
fn make_csr(key_pem: &str, names: &Bound<'_, PyAny>, lang: &str) -> PyResult<String> {
    let lang = self::lang(lang)?;
    host::make_csr(key_pem, &from_python(names)?).map_err(core_error_in(lang))
}

/// The ListOrders call from its options (`page`, `pageSize`); the prepared request.
#[pyfunction]
#[pyo3(signature = (options, site, base_url))]
fn list_orders<'py>(
    py: Python<'py>,
    options: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = from_python(options)?;
    let site = self::site(site, base_url)?;
    to_python(py, &host::list_orders(&options, &site).map_err(core_error)?)
}

/// Reads NCP's answer to ListOrders.
#[pyfunction]
fn parse_order_list<'py>(
    py: Python<'py>,
    http_status: u16,
    body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::read_orders(http_status, body).map_err(core_error)?,
    )
}

/// The GetOrder call from its options (`orderId`); the prepared request.
#[pyfunction]
#[pyo3(signature = (options, site, base_url))]
fn get_order<'py>(
    py: Python<'py>,
    options: &Bound<'py, PyAny>,
    site: &str,
    base_url: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = from_python(options)?;
    let site = self::site(site, base_url)?;
    to_python(py, &host::get_order(&options, &site).map_err(core_error)?)
}

/// Reads NCP's answer to GetOrder.
#[pyfunction]
fn parse_order<'py>(py: Python<'py>, http_status: u16, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    to_python(
        py,
        &host::read_order(http_status, body).map_err(core_error)?,
    )
}

/// The validity of the first certificate of `pem`.
#[pyfunction]
fn certificate_expiry<'py>(py: Python<'py>, pem: &str) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, &host::certificate_expiry(pem).map_err(core_error)?)
}

/// The renewal decision for a certificate's expiry and its order (or `None`).
#[pyfunction]
#[pyo3(signature = (certificate, order, now_ms, days, allow_order))]
fn decide_renewal<'py>(
    py: Python<'py>,
    certificate: &Bound<'py, PyAny>,
    order: &Bound<'py, PyAny>,
    now_ms: i64,
    days: Option<u32>,
    allow_order: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let certificate = from_python(certificate)?;
    let order = from_python(order)?;
    to_python(
        py,
        &host::decide_renewal(&certificate, &order, now_ms, days, allow_order)
            .map_err(core_error)?,
    )
}

/// The renewed certificate's name, not among `taken`.
#[pyfunction]
fn renewal_name(old_name: &str, at_least: u32, taken: Vec<String>) -> String {
    host::renewal_name(old_name, at_least, &taken)
}

/// The inventory rows from the certificate list, the order list (or `None`) and the chains.
#[pyfunction]
fn inventory<'py>(
    py: Python<'py>,
    certificates: &Bound<'py, PyAny>,
    orders: &Bound<'py, PyAny>,
    chains: &Bound<'py, PyAny>,
    now_ms: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = host::inventory(
        &from_python(certificates)?,
        &from_python(orders)?,
        &from_python(chains)?,
        now_ms,
    )
    .map_err(core_error)?;
    to_python(py, &rows)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add_class::<NativeSigner>()?;
    m.add_class::<OrderDriver>()?;
    m.add_class::<IssuanceDriver>()?;
    m.add_class::<PublicationDriver>()?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(signature_header_names, m)?)?;
    m.add_function(wrap_pyfunction!(code_text, m)?)?;
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
    m.add_function(wrap_pyfunction!(list_orders, m)?)?;
    m.add_function(wrap_pyfunction!(parse_order_list, m)?)?;
    m.add_function(wrap_pyfunction!(get_order, m)?)?;
    m.add_function(wrap_pyfunction!(parse_order, m)?)?;
    m.add_function(wrap_pyfunction!(certificate_expiry, m)?)?;
    m.add_function(wrap_pyfunction!(decide_renewal, m)?)?;
    m.add_function(wrap_pyfunction!(renewal_name, m)?)?;
    m.add_function(wrap_pyfunction!(inventory, m)?)?;
    m.add_function(wrap_pyfunction!(transport_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(key_sources, m)?)?;
    m.add_function(wrap_pyfunction!(find_keys, m)?)?;
    m.add_function(wrap_pyfunction!(generate_key, m)?)?;
    m.add_function(wrap_pyfunction!(make_csr, m)?)?;
    m.add_function(wrap_pyfunction!(certbot_record, m)?)?;
    m.add_function(wrap_pyfunction!(txt_record, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(finding_codes, m)?)?;
    Ok(())
}
