//! The C ABI of ncpcert: one small set of functions over `ncpcert::host`, for
//! Java, Go, PHP, C#, Ruby, C and anything else with a C FFI. Conversion only: every rule,
//! message and code lives in the `ncpcert` core crate.
//!
//! Conventions (after rustls-ffi): inputs are `(pointer, length)` byte ranges (UTF-8 for
//! text, not NUL-terminated; NULL with length 0 is empty, NULL with another length is an
//! argument error); every call returns an `int32_t` status; results and errors come back as
//! JSON in a library-owned `ncpcert_buf` released by `ncpcert_buf_free`; no global state, no
//! thread-local "last error", every function callable from any thread; a panic never
//! crosses the boundary (caught, status 6).
//!
//! The same crate builds for `wasm32-unknown-unknown` into a module with no imports; there
//! `ncpcert_alloc` / `ncpcert_dealloc` let the host place inputs in the module's memory.

#![allow(non_camel_case_types)]

mod boundary;
mod keys;
mod order;
mod signer;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use boundary::*;
pub use keys::*;
pub use order::*;
pub use signer::*;

use boundary::{bytes, run, text, Failure};
use ncpcert::host::{self, HostError};
use ncpcert::{AdvancedCertificateRequest, Lang, PrepareError, PreparedRequest, Report, Site};
use serde_json::Value;

/// Bit of `flags`: strict policy (every warning counts as an error).
pub const NCPCERT_FLAG_STRICT: u32 = 1;

/// Bit of `flags`: messages (findings, errors) in Korean rather than English. Codes are the
/// same in both languages.
pub const NCPCERT_FLAG_LANG_KO: u32 = 2;

/// The library version, e.g. `"0.1.0"`: a static NUL-terminated string, never freed.
#[no_mangle]
pub extern "C" fn ncpcert_version() -> *const core::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Signature v2 of one request: `METHOD + " " + PATH_AND_QUERY + "\n" +
/// TIMESTAMP + "\n" + ACCESS_KEY`, HMAC-SHA256 with the secret key, base64.
///
/// `signature_out` must point to 44 writable bytes: on status 0 they hold the base64
/// signature (not NUL-terminated). `error_out` may be NULL; when it is not, it is zeroed on
/// success and holds the error JSON otherwise (free it with `ncpcert_buf_free`). The secret
/// key never appears in any error.
///
/// Returns 0, 1 (signing: a bad method, path, timestamp or key) or 5 (argument: a NULL
/// pointer with a length, text that is not UTF-8, a NULL `signature_out`). Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes;
/// `signature_out` must be NULL or point to 44 writable bytes; `error_out` must be NULL or
/// point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_sign(
    method: *const u8,
    method_len: usize,
    path_and_query: *const u8,
    path_len: usize,
    timestamp_ms: u64,
    access_key: *const u8,
    access_key_len: usize,
    secret_key: *const u8,
    secret_key_len: usize,
    signature_out: *mut u8,
    error_out: *mut ncpcert_buf,
) -> i32 {
    let call = || {
        // SAFETY: the caller's contract on each range.
        let (method, path, access, secret) = unsafe {
            (
                text(method, method_len, "method")?,
                text(path_and_query, path_len, "path_and_query")?,
                text(access_key, access_key_len, "access_key")?,
                text(secret_key, secret_key_len, "secret_key")?,
            )
        };
        if signature_out.is_null() {
            return Err(Failure::argument(String::from(
                "signature_out is NULL; pass a buffer of 44 bytes",
            )));
        }
        let signature =
            ncpcert::sign(method, path, timestamp_ms, access, secret).map_err(HostError::from)?;
        // SAFETY: non-NULL, and the caller promises 44 writable bytes; a signature is
        // always 44 bytes, and `take` never writes more.
        let dest = unsafe { std::slice::from_raw_parts_mut(signature_out, 44) };
        for (d, s) in dest.iter_mut().zip(signature.bytes()) {
            *d = s;
        }
        Ok(String::new())
    };
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    let status = unsafe { run(error_out, call) };
    if status == NCPCERT_OK {
        // Nothing to report: leave the caller a zeroed buffer, not an empty allocation.
        // SAFETY: as above; the buffer was just filled by `run`.
        unsafe { boundary::free(error_out) };
    }
    status
}

/// The policy and the language `flags` ask for; `allowed` are the bits the call takes.
fn flags_of(flags: u32, allowed: u32) -> Result<(bool, Lang), Failure> {
    if flags & !allowed != 0 {
        return Err(Failure::argument(format!(
            "unknown flags {flags:#x}; this call takes {allowed:#x} \
             (NCPCERT_FLAG_STRICT 1, NCPCERT_FLAG_LANG_KO 2)"
        )));
    }
    let lang = if flags & NCPCERT_FLAG_LANG_KO != 0 {
        Lang::Ko
    } else {
        Lang::En
    };
    Ok((flags & NCPCERT_FLAG_STRICT != 0, lang))
}

const VALIDATE_FLAGS: u32 = NCPCERT_FLAG_STRICT | NCPCERT_FLAG_LANG_KO;

/// Every finding at once: `out` receives the report JSON
/// `{"valid": bool, "findings": [{"code", "field", "severity", "message"}]}`.
///
/// `request_json` is the request with the API's JSON names (`csr`, `certificateType`,
/// `certificateName`, `commonName`, `dnsName`, `validationMethod`, `organizationNo`).
/// `flags`: 0, or `NCPCERT_FLAG_STRICT` and/or `NCPCERT_FLAG_LANG_KO` (the findings' messages
/// in Korean). An invalid request is a report with `"valid": false`, still status 0.
///
/// Returns 0 or 5 (argument: NULL with a length, not UTF-8, unknown flags). `out` may be
/// NULL (the result is dropped); otherwise it is overwritten (a buffer it held is not freed)
/// and must be released with `ncpcert_buf_free`. Thread-safe.
///
/// # Safety
/// `request_json` must be NULL or point to `len` readable bytes; `out` must be NULL or point
/// to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_validate(
    request_json: *const u8,
    len: usize,
    flags: u32,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let request = text(request_json, len, "request_json")?;
            let (strict, lang) = flags_of(flags, VALIDATE_FLAGS)?;
            Ok(validate(request, None, strict, lang))
        })
    }
}

/// Like `ncpcert_validate`, with the CSR given as its own bytes (PEM or DER), which replace
/// the request's `csr` field: for a DER CSR, which JSON cannot carry.
///
/// # Safety
/// As for `ncpcert_validate`; `csr` must be NULL or point to `csr_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_validate_with_csr(
    request_json: *const u8,
    len: usize,
    csr: *const u8,
    csr_len: usize,
    flags: u32,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let request = text(request_json, len, "request_json")?;
            let csr = bytes(csr, csr_len, "csr")?.to_vec();
            let (strict, lang) = flags_of(flags, VALIDATE_FLAGS)?;
            Ok(validate(request, Some(csr), strict, lang))
        })
    }
}

/// `"public"`, `"gov"`, `"fin"`, or a base URL (text holding `://`). Empty text is read
/// as an (invalid) base URL: one argument carries both, and an empty base URL must not
/// quietly become the public site.
fn site_of(text: &str) -> Result<Site, Failure> {
    Ok(site_in(text)?)
}

fn site_in(text: &str) -> Result<Site, HostError> {
    if text.is_empty() || text.contains("://") {
        host::site(None, Some(text))
    } else {
        host::site(Some(text), None)
    }
}

/// The request's JSON value. Text that is not JSON is a request the core refuses with its
/// own finding (`request.invalid`, whose message says what JSON to send): a report from
/// `ncpcert_validate`, a validation error from `ncpcert_prepare` and `ncpcert_order_new` —
/// never an argument error, since the request is the one input validation is about.
pub(crate) fn request_value(text: &str) -> Result<Value, Report> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        // The core's reader of request text makes the finding; it succeeds only on JSON,
        // which this is not (a null would be refused as "not an object" anyway).
        Err(_) => AdvancedCertificateRequest::from_json(text).map(|_| Value::Null),
    }
}

/// The report of `ncpcert_validate` as JSON.
fn validate(request: &str, csr: Option<Vec<u8>>, strict: bool, lang: Lang) -> String {
    let report = match request_value(request) {
        Ok(value) => host::validate(&value, csr, strict),
        Err(report) => report,
    };
    host::to_json_text(&report.localized(lang))
}

/// A request builder's call over the boundary: options JSON text and a site or base URL in,
/// the prepared request JSON out.
///
/// # Safety
/// As for the `extern "C"` functions that call it: each `(pointer, length)` pair must be NULL
/// or point to that many readable bytes; `out` must be NULL or point to a writable
/// `ncpcert_buf`.
unsafe fn build_call(
    options: *const u8,
    len: usize,
    what: &str,
    site_or_base_url: *const u8,
    site_len: usize,
    out: *mut ncpcert_buf,
    build: fn(&Value, &Site) -> Result<PreparedRequest, HostError>,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        run(out, || {
            let options = text(options, len, what)?;
            let site = text(site_or_base_url, site_len, "site_or_base_url")?;
            // The site is checked before the options, as it always was.
            let site = site_of(site)?;
            let options = host::json_argument(options, what)?;
            Ok(host::to_json_text(&build(&options, &site)?))
        })
    }
}

/// A response parser's call over the boundary: NCP's HTTP status and body bytes in, the
/// parsed answer JSON out.
///
/// # Safety
/// `body` must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `ncpcert_buf`.
unsafe fn read_call<T: serde::Serialize>(
    http_status: u16,
    body: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
    read: fn(u16, &[u8]) -> Result<T, HostError>,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        run(out, || {
            let body = bytes(body, len, "body")?;
            Ok(host::to_json_text(&read(http_status, body)?))
        })
    }
}

/// Validates and prepares the issuance request: `out` receives the prepared
/// request JSON `{"method", "url", "path", "headers", "body", "warnings"}` — what to send,
/// before signing.
///
/// `site_or_base_url` is `public`, `gov`, `fin`, or a base URL such as
/// `https://proxy.example.com/ncp` (any text holding `://`); it is required (empty is an
/// error). `flags`: 0, or `NCPCERT_FLAG_STRICT` and/or `NCPCERT_FLAG_LANG_KO` (the error's
/// messages in Korean).
///
/// Returns 0, 2 (validation: `out` holds `{"type": "validation", "code", "message",
/// "findings"}`) or 5 (argument: an unknown site or unusable base URL, NULL with a length,
/// not UTF-8, unknown flags). `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_prepare(
    request_json: *const u8,
    len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    flags: u32,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let request = text(request_json, len, "request_json")?;
            let site = text(site_or_base_url, site_len, "site_or_base_url")?;
            prepare(request, None, site, flags)
        })
    }
}

/// Like `ncpcert_prepare`, with the CSR given as its own bytes (PEM or DER), which replace
/// the request's `csr` field.
///
/// # Safety
/// As for `ncpcert_prepare`; `csr` must be NULL or point to `csr_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_prepare_with_csr(
    request_json: *const u8,
    len: usize,
    csr: *const u8,
    csr_len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    flags: u32,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let request = text(request_json, len, "request_json")?;
            let csr = bytes(csr, csr_len, "csr")?.to_vec();
            let site = text(site_or_base_url, site_len, "site_or_base_url")?;
            prepare(request, Some(csr), site, flags)
        })
    }
}

fn prepare(request: &str, csr: Option<Vec<u8>>, site: &str, flags: u32) -> Result<String, Failure> {
    let (strict, lang) = flags_of(flags, VALIDATE_FLAGS)?;
    let prepared = (|| {
        let site = site_in(site)?;
        let request = request_value(request)
            .map_err(|report| HostError::from(PrepareError::Invalid(report)))?;
        host::prepare(&request, csr, &site, strict)
    })()
    .map_err(|e| e.localized(lang))?;
    Ok(host::to_json_text(&prepared))
}

/// Reads and checks a CSR: PEM text or DER bytes. `out` receives the CSR report
/// JSON (subject, SANs, key, signature algorithm, canonical PEM, fingerprint, findings).
///
/// Returns 0, 3 (csr: the input is not one readable CSR; `{"type": "csr", "code",
/// "message", "field"}`) or 5 (argument: NULL with a length). `out` as for
/// `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// `input` must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_inspect_csr(
    input: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let input = bytes(input, len, "input")?;
            Ok(host::to_json_text(&host::inspect(input)?))
        })
    }
}

/// Like `ncpcert_inspect_csr`, with `flags`: 0, or `NCPCERT_FLAG_LANG_KO` (the findings' and
/// the error's messages in Korean).
///
/// Returns as `ncpcert_inspect_csr`, and 5 for unknown flags.
///
/// # Safety
/// As for `ncpcert_inspect_csr`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_inspect_csr_flags(
    input: *const u8,
    len: usize,
    flags: u32,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let (_, lang) = flags_of(flags, NCPCERT_FLAG_LANG_KO)?;
            let input = bytes(input, len, "input")?;
            let report = host::inspect(input).map_err(|e| e.localized(lang))?;
            Ok(host::to_json_text(&report.localized(lang)))
        })
    }
}

/// Reads NCP's answer to the issuance request: `out` receives the response JSON
/// (`returnCode`, `returnMessage`, `totalRows`, `paidCertificate`, unknown fields kept).
///
/// Returns 0, 4 (api: `{"type": "api", "kind": "gateway"|"service"|"http"|"malformed",
/// "httpStatus", "code", "message", "details", "retryable", "outcome", "hint"}`) or 5
/// (argument: NULL with a length). Any bytes are accepted. `out` as for `ncpcert_validate`.
/// Thread-safe.
///
/// # Safety
/// `body` must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_parse_response(
    http_status: u16,
    body: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe { read_call(http_status, body, len, out, host::read_response) }
}

/// The ListAdvancedCertificates call from options JSON `{"certificateName"?,
/// "page"?, "pageSize"?}`: `out` receives the prepared request JSON (a `GET`; `body` is
/// `null`). `site_or_base_url` as for `ncpcert_prepare`.
///
/// Returns 0 or 5 (argument). `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_list_certificates(
    query_json: *const u8,
    len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        build_call(
            query_json,
            len,
            "query_json",
            site_or_base_url,
            site_len,
            out,
            host::list_certificates,
        )
    }
}

/// Reads NCP's answer to ListAdvancedCertificates: `out` receives the list JSON. With a
/// `name` (non-empty), the list also holds `"match"`: the certificate named exactly `name`
/// (the newest when several are), or `null`. NULL/0 for `name`: no match is looked for.
///
/// Returns 0, 4 (api, as for `ncpcert_parse_response`) or 5 (argument). `out` as for
/// `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_parse_certificate_list(
    http_status: u16,
    body: *const u8,
    len: usize,
    name: *const u8,
    name_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let body = bytes(body, len, "body")?;
            let name = text(name, name_len, "name")?;
            let name = (!name.is_empty()).then_some(name);
            let list = host::read_certificate_list(http_status, body, name)?;
            Ok(host::to_json_text(&list))
        })
    }
}

/// The ListDcvStatuses call from options JSON `{"certificateNo": integer,
/// "domainAddress": "www.example.com"}` (both required; one call per name, see
/// `ncpcert_validation_domains`): `out` receives the prepared request JSON (a `GET`; `body`
/// is `null`). `site_or_base_url` as for `ncpcert_prepare`.
///
/// Returns 0 or 5 (argument: options that are not a JSON object, an unknown option, a
/// missing or non-positive `certificateNo`, a missing or unusable `domainAddress`, an unknown
/// site or unusable base URL, NULL with a length, not UTF-8). `out` as for
/// `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_list_dcv_statuses(
    options_json: *const u8,
    len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        build_call(
            options_json,
            len,
            "options_json",
            site_or_base_url,
            site_len,
            out,
            host::list_dcv_statuses,
        )
    }
}

/// Reads NCP's answer to ListDcvStatuses: `out` receives `{"returnCode", "returnMessage",
/// "totalRows", "dnsVerificationList": [{"validSn", "requestSn", "validStatusCode", "state"
/// ("success"|"pending"|"timeout"|"unknown"), "txtName", "txtValue", "valueField",
/// "recordName"?, "recordType": "TXT", …every other field as sent}], …every other field as
/// sent}`. `txtValue` is `null` when no known field carries the value (`valueField` names the
/// one that did). With a `domain` (the `domainAddress` the call was for; non-empty), each
/// record that has a `txtName` also holds `recordName`: the fully qualified name to publish
/// the TXT record at. NULL/0 for `domain`: no `recordName`.
///
/// Returns 0, 4 (api, as for `ncpcert_parse_response`) or 5 (argument: NULL with a length,
/// a `domain` that is not UTF-8). Any body bytes are accepted. `out` as for
/// `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_parse_dcv_statuses(
    http_status: u16,
    body: *const u8,
    len: usize,
    domain: *const u8,
    domain_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let body = bytes(body, len, "body")?;
            let domain = text(domain, domain_len, "domain")?;
            let domain = (!domain.is_empty()).then_some(domain);
            let statuses = host::read_dcv_statuses(http_status, body, domain)?;
            Ok(host::to_json_text(&statuses))
        })
    }
}

/// The names to ask ListDcvStatuses about, one call each: from a JSON array of the
/// certificate's names (the common name first, then each `dnsName`), `out` receives a JSON
/// array of the distinct names, lower-cased, without a trailing dot, a wildcard `*.x` as `x`.
///
/// Returns 0 or 5 (argument: not a JSON array of strings, NULL with a length, not UTF-8).
/// `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// `names_json` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_validation_domains(
    names_json: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        run(out, || {
            let names = text(names_json, len, "names_json")?;
            let names = host::json_argument(names, "names_json")?;
            Ok(host::to_json_text(&host::domains_to_validate(&names)?))
        })
    }
}

/// The GetCertificateChain call from options JSON `{"certificateNo": integer}`:
/// `out` receives the prepared request JSON (a `GET`; `body` is `null`).
/// `site_or_base_url` as for `ncpcert_prepare`.
///
/// Returns 0 or 5 (argument: options that are not a JSON object, an unknown option, a
/// missing or non-positive `certificateNo`, an unknown site or unusable base URL, NULL with a
/// length, not UTF-8). `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_get_certificate_chain(
    options_json: *const u8,
    len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        build_call(
            options_json,
            len,
            "options_json",
            site_or_base_url,
            site_len,
            out,
            host::get_certificate_chain,
        )
    }
}

/// Reads NCP's answer to GetCertificateChain: `out` receives `{"returnCode",
/// "returnMessage", "totalRows", "subjectCommonName", "certificate", "subCaCertificate",
/// "rootCaCertificate", "files": {"cert.pem", "chain.pem", "fullchain.pem", "root.pem"},
/// …every other field as sent}`, every PEM with LF line endings and one final newline (a
/// file whose part NCP did not send is left out of `files`).
///
/// Returns 0, 4 (api, as for `ncpcert_parse_response`; an answer without a readable
/// certificate is kind `malformed`) or 5 (argument: NULL with a length). Any bytes are
/// accepted. `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// `body` must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_parse_certificate_chain(
    http_status: u16,
    body: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe { read_call(http_status, body, len, out, host::read_certificate_chain) }
}

/// The ListOrganizations call from options JSON `{"organizationNameKor"?,
/// "organizationNameEng"?, "businessRegistrationNo"?, "verificationProgressCode"? (integer;
/// 7: validated)}` (`{}`: every organisation): `out` receives the prepared request JSON (a
/// `POST` whose `body` is the filters as JSON text, `"{}"` without any).
/// `site_or_base_url` as for `ncpcert_prepare`.
///
/// Returns 0 or 5 (argument: options that are not a JSON object, an unknown option, a filter
/// of the wrong type, empty or holding control characters, an unknown site or unusable base
/// URL, NULL with a length, not UTF-8). `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes; `out`
/// must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_list_organizations(
    options_json: *const u8,
    len: usize,
    site_or_base_url: *const u8,
    site_len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe {
        build_call(
            options_json,
            len,
            "options_json",
            site_or_base_url,
            site_len,
            out,
            host::list_organizations,
        )
    }
}

/// Reads NCP's answer to ListOrganizations (a bare list, an object holding one, or one flat
/// organisation): `out` receives `{"returnCode" (null for a bare list), "returnMessage",
/// "totalRows", "listField" (where the list was found, or null), "organizations":
/// [{"organizationNo", "organizationNameKor", "organizationNameEng",
/// "businessRegistrationNo", "verificationType", "verificationProgressCode" (integer or null),
/// "verificationProgress" (its name, "VALIDATED" for 7), "validated" (true only for 7),
/// …every other field as sent}], …every other field as sent}`.
///
/// Returns 0, 4 (api, as for `ncpcert_parse_response`) or 5 (argument: NULL with a length).
/// Any bytes are accepted. `out` as for `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// `body` must be NULL or point to `len` readable bytes; `out` must be NULL or point to a
/// writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_parse_organizations(
    http_status: u16,
    body: *const u8,
    len: usize,
    out: *mut ncpcert_buf,
) -> i32 {
    // SAFETY: the caller's contract on each pointer.
    unsafe { read_call(http_status, body, len, out, host::read_organizations) }
}

/// What a transport failure means for the next attempt of the issuance request:
/// a static NUL-terminated string, never freed — `"resendable"` when no byte of the request
/// was written (`written` = 0), `"ambiguous"` when some was (`written` ≠ 0). Thread-safe.
#[no_mangle]
pub extern "C" fn ncpcert_transport_outcome(written: i32) -> *const core::ffi::c_char {
    match host::transport_outcome(written != 0).as_str() {
        "resendable" => c"resendable".as_ptr(),
        "ambiguous" => c"ambiguous".as_ptr(),
        // The core has only the two answers above for a transport failure.
        _ => c"".as_ptr(),
    }
}

/// The core's table of codes, the same for every binding: `out` receives `{"errors":
/// [{"code", "type", "status", "exitStatus"}], "findings": [{"code", "severity"}]}`. Every
/// error's `code` is one of `errors` (its `type` and the status this C ABI returns with it,
/// `status`; `exitStatus` is what a command-line host exits with), or a finding code of
/// `findings` (a CSR that cannot be read), or, for an `api` error, NCP's own code.
///
/// Returns 0, or 6 (internal) should the table not be written. `out` as for
/// `ncpcert_validate`. Thread-safe.
///
/// # Safety
/// `out` must be NULL or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_error_codes(out: *mut ncpcert_buf) -> i32 {
    // SAFETY: the caller's contract on `out`.
    unsafe { run(out, || Ok(error_codes().to_string())) }
}

fn error_codes() -> Value {
    let errors: Vec<Value> = ncpcert::ErrorCode::ALL
        .iter()
        .map(|code| {
            serde_json::json!({
                "code": code.as_str(),
                "type": code.error_type(),
                "status": boundary::status_of_type(code.error_type()),
                "exitStatus": code.exit_status(),
            })
        })
        .collect();
    let findings: Vec<Value> = ncpcert::Code::ALL
        .iter()
        .map(
            |code| serde_json::json!({"code": code.as_str(), "severity": code.severity().as_str()}),
        )
        .collect();
    serde_json::json!({"errors": errors, "findings": findings})
}

/// Releases a buffer that ncpcert filled, then zeroes it (`data` = NULL, `len` = 0), so
/// freeing it twice, or freeing a zeroed buffer or NULL, does nothing. Not thread-safe for
/// one buffer: free each buffer once, from one thread.
///
/// # Safety
/// `buf` must be NULL or point to an `ncpcert_buf` that is zeroed or was filled by ncpcert
/// and not changed since.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_buf_free(buf: *mut ncpcert_buf) {
    // SAFETY: the caller's contract; `free` itself cannot panic.
    unsafe { boundary::free(buf) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_code_of_the_core() {
        let table = error_codes();
        let errors = table["errors"].as_array().unwrap();
        assert_eq!(errors.len(), ncpcert::ErrorCode::ALL.len());
        for (row, code) in errors.iter().zip(ncpcert::ErrorCode::ALL) {
            assert_eq!(row["code"], code.as_str());
            assert_eq!(row["type"], code.error_type());
        }
        let findings = table["findings"].as_array().unwrap();
        assert_eq!(findings.len(), ncpcert::Code::ALL.len());
        assert!(findings.iter().any(|f| f["code"] == "domain.underscore"));
        assert_eq!(
            errors
                .iter()
                .find(|e| e["code"] == "internal.misuse")
                .unwrap()["status"],
            NCPCERT_ERR_INTERNAL
        );
    }

    /// Every string literal of this crate's sources shaped like a code of one of the table's
    /// namespaces is in the table: the C layer names codes through `ncpcert::ErrorCode` and
    /// must not spell new ones (`signing.freed`, `internal.json`, …).
    #[test]
    fn the_sources_spell_no_code_of_their_own() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut seen = 0;
        let table = ncpcert::ErrorCode::ALL.iter().map(|c| c.as_str());
        let findings = ncpcert::Code::ALL.iter().map(|c| c.as_str());
        let namespaces: std::collections::HashSet<&str> = table
            .chain(findings)
            .filter_map(|code| code.split_once('.').map(|(space, _)| space))
            .collect();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for literal in line.split('"').skip(1).step_by(2) {
                    // A code's namespace is what comes before its dot: `internal`,
                    // `signing`, `argument`, `domain`, … (`example.com` is no code).
                    let code_like = literal.split_once('.').is_some_and(|(space, rest)| {
                        namespaces.contains(space)
                            && !rest.is_empty()
                            && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    });
                    if code_like {
                        seen += 1;
                        assert!(
                            ncpcert::codes::is_known_code(literal),
                            "{}: {literal:?} is not a code of the core's table",
                            path.display()
                        );
                    }
                }
            }
        }
        // The tests name the codes they expect (internal.misuse, internal.panic): the scan
        // does find literals.
        assert!(seen > 0);
    }
}
