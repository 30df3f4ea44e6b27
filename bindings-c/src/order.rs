//! The order workflow as a handle: `ncpcert::host::OrderDriver` — the core's
//! machine, JSON values in, typed actions out — behind `ncpcert_order_new` / `_next` / `_feed` / `_free`.
//! Every decision (send, resend, look the name up, the identity rule, stop) is the core's;
//! this module only moves bytes and JSON across the boundary.

use crate::boundary::{self, bytes, ncpcert_buf, run, text, Failure, NCPCERT_OK};
use ncpcert::host::{self, HostError, OrderDriver};
use ncpcert::PrepareError;
use serde_json::{Map, Value};
use std::sync::Mutex;

/// An order workflow (opaque). Made by `ncpcert_order_new`, released by `ncpcert_order_free`.
/// It may be used from any thread; calls on one handle take turns.
pub struct ncpcert_order {
    // The mutex makes calls from several threads take turns, and a panic caught inside a
    // call poisons it: the workflow's state may be half changed then, and a workflow that
    // could send a paid request twice must not go on.
    driver: Mutex<OrderDriver>,
}

/// The handle's workflow, locked; a NULL handle or a poisoned one is a failure.
fn lock(order: &ncpcert_order) -> Result<std::sync::MutexGuard<'_, OrderDriver>, Failure> {
    order.driver.lock().map_err(|_| Failure::poisoned())
}

/// Makes the workflow of one issuance request: validates and prepares the
/// request, reads the journal text for this request's earlier attempts. On status 0
/// `*order_out` holds a new handle (free it with `ncpcert_order_free`); otherwise it is NULL
/// and `error_out` (may be NULL) holds the error JSON.
///
/// `request_json` is the request with the API's JSON names, as for `ncpcert_prepare`.
/// `csr` (PEM or DER bytes), when not NULL/0, replaces the JSON's `csr`. `options_json` is
/// `{"site": "public"|"gov"|"fin", "baseUrl": URL, "strict": bool, "retries": 0..20
/// (default 2), "backoffMs": 0..600000 (default 500), "journal": the journal's whole text}`,
/// every key optional; NULL/0 is `{}`.
///
/// The host's loop, and nothing more (the host holds no resend or lookup rule of its own):
/// `ncpcert_order_next` → `journal`: append the line to the journal file, if any (fsync);
/// `sleep`: sleep; `send`: sign the request at now + `clockOffsetMs` (`ncpcert_signer_headers`
/// over `request.path`), send exactly its method, url, headers and body with the host's
/// timeout, then `ncpcert_order_feed` the answer or the transport failure; `done`: report
/// `result` or `error` — then free the handle.
///
/// Returns 0, 2 (validation: `{"type": "validation", "code": "request.invalid", "message",
/// "findings"}`) or 5 (argument: a bad option, an unknown site, NULL with a length, not
/// UTF-8, a NULL `order_out`). Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes;
/// `order_out` must be NULL or point to a writable pointer; `error_out` must be NULL or
/// point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_order_new(
    request_json: *const u8,
    request_len: usize,
    csr: *const u8,
    csr_len: usize,
    options_json: *const u8,
    options_len: usize,
    order_out: *mut *mut ncpcert_order,
    error_out: *mut ncpcert_buf,
) -> i32 {
    if !order_out.is_null() {
        // SAFETY: non-NULL and writable by the caller's contract.
        unsafe { order_out.write(std::ptr::null_mut()) };
    }
    let call = || {
        // SAFETY: the caller's contract on each range.
        let (request, csr, options) = unsafe {
            (
                text(request_json, request_len, "request_json")?,
                bytes(csr, csr_len, "csr")?,
                text(options_json, options_len, "options_json")?,
            )
        };
        if order_out.is_null() {
            return Err(Failure::argument(String::from(
                "order_out is NULL; pass the address of an ncpcert_order pointer",
            )));
        }
        // No CSR bytes: the request's own `csr` field counts.
        let csr = (!csr.is_empty()).then(|| csr.to_vec());
        let options = if options.is_empty() {
            Value::Object(Map::new())
        } else {
            host::json_argument(options, "options_json")?
        };
        let driver = match crate::request_value(request) {
            Ok(request) => OrderDriver::new(&request, csr, &options)?,
            Err(report) => {
                // The options are checked before the request: a bad option is reported
                // first, then the request that is not JSON.
                let error = match OrderDriver::new(&Value::Null, None, &options) {
                    Err(e) if e.error_type() != "validation" => e,
                    _ => HostError::from(PrepareError::Invalid(report)),
                };
                return Err(error.into());
            }
        };
        let handle = Box::into_raw(Box::new(ncpcert_order {
            driver: Mutex::new(driver),
        }));
        // SAFETY: non-NULL (checked above) and writable by the caller's contract.
        unsafe { order_out.write(handle) };
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

/// The next action, as JSON in `action_out` (see `ncpcert::host::OrderDriver`):
/// `{"action": "journal", "line", "entry"}` (append `line` and a newline to the journal,
/// durably, then ask again; a host without a journal skips it), `{"action": "sleep", "ms"}`,
/// `{"action": "send", "purpose": "order"|"lookup"|"chain", "paid", "attempt",
/// "clockOffsetMs", "request": {"method", "url", "path", "headers", "body", "warnings"}}`
/// (sign `request` at the host's clock + `clockOffsetMs`, send exactly it — `body` null: no
/// body — then call `ncpcert_order_feed`), or `{"action": "done", "ok": true, "result":
/// {PlacedOrder}}` / `{"action": "done", "ok": false, "error": {"type": "order", "code",
/// "message", "hint", …}}` (asking again gives the same). The order error's `code` is one of
/// the core's: `order.name_taken`, `order.not_this_request`, `order.outcome_unknown`,
/// `order.refused`, `order.not_placed`. `now_ms` (milliseconds since the Unix epoch) dates
/// journal entries.
///
/// Returns 0, 5 (argument: a NULL `order` or `action_out`; the workflow does not move) or 6
/// (internal: code `internal.misuse` when the call sent last still waits for its answer —
/// a bug in the host; the handle stays usable — or `internal.panic`, after which the handle
/// only answers 6 and must be freed). On a status other than 0 `action_out` holds the error
/// JSON. Free `action_out` with `ncpcert_buf_free`. Thread-safe.
///
/// # Safety
/// `order` must be NULL or a live handle from `ncpcert_order_new`; `action_out` must be NULL
/// or point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_order_next(
    order: *mut ncpcert_order,
    now_ms: u64,
    action_out: *mut ncpcert_buf,
) -> i32 {
    if action_out.is_null() {
        // Nowhere to put the action: asking would move the workflow (a "send" would await an
        // answer the host never saw), so nothing is asked.
        return boundary::NCPCERT_ERR_ARGUMENT;
    }
    let call = || {
        // SAFETY: NULL or a live handle, by the caller's contract.
        let Some(order) = (unsafe { order.as_ref() }) else {
            return Err(null_handle());
        };
        let action = lock(order)?.next(now_ms)?;
        Ok(host::to_json_text(&action))
    };
    // SAFETY: `action_out` is non-NULL and writable by the caller's contract.
    unsafe { run(action_out, call) }
}

/// Feeds what became of the call the last `send` action asked for: NCP's answer
/// (`http_status` 1..65535 and the body bytes; `meta_json` `{"date": the answer's Date
/// header, "receivedAtMs": the host's clock when it arrived}`, both optional, NULL/0 for
/// neither — with both, a signature refused for the clock is corrected), or a transport
/// failure (`http_status` 0, no body; `meta_json` `{"written": bool, "message": text}`,
/// `written` required: false only when the HTTP client's error proves that no byte of the
/// request was written — a DNS failure, a refused connection, a connect timeout; anything
/// else is true). `error_out` may be NULL; it is zeroed on success.
///
/// Returns 0, 5 (argument: a NULL `order`, bad `meta_json`, a body with status 0, NULL with a
/// length; the workflow does not move) or 6 (internal: `internal.misuse` when no call waits
/// for an answer — the handle stays usable — or `internal.panic` as for
/// `ncpcert_order_next`). Any body bytes are accepted. Thread-safe.
///
/// # Safety
/// `order` must be NULL or a live handle from `ncpcert_order_new`; each `(pointer, length)`
/// pair must be NULL or point to that many readable bytes; `error_out` must be NULL or point
/// to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_order_feed(
    order: *mut ncpcert_order,
    http_status: u16,
    body: *const u8,
    body_len: usize,
    meta_json: *const u8,
    meta_len: usize,
    error_out: *mut ncpcert_buf,
) -> i32 {
    let call = || {
        // SAFETY: NULL or a live handle, by the caller's contract.
        let Some(order) = (unsafe { order.as_ref() }) else {
            return Err(null_handle());
        };
        // SAFETY: the caller's contract on each range.
        let (body, meta) = unsafe {
            (
                bytes(body, body_len, "body")?,
                text(meta_json, meta_len, "meta_json")?,
            )
        };
        // Every argument is read before the workflow is touched: a bad one changes nothing.
        let fed = Fed::read(http_status, body, meta)?;
        let mut driver = lock(order)?;
        match fed {
            Fed::Answer {
                date,
                received_at_ms,
            } => driver.receive(http_status, body, date.as_deref(), received_at_ms),
            Fed::Failure { written, message } => driver.transport_failed(written, &message),
        }
        .map(|()| String::new())
        .map_err(Failure::from)
    };
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    let status = unsafe { run(error_out, call) };
    if status == NCPCERT_OK {
        // SAFETY: as above; the buffer was just filled by `run`.
        unsafe { boundary::free(error_out) };
    }
    status
}

/// Releases an order workflow. NULL does nothing. Call it once per handle, after every other
/// call on it has returned; a workflow may be freed at any point (a host that gives up).
///
/// # Safety
/// `order` must be NULL or a live handle from `ncpcert_order_new`, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_order_free(order: *mut ncpcert_order) {
    if !order.is_null() {
        // SAFETY: a live handle made by `Box::into_raw` in `ncpcert_order_new`.
        drop(unsafe { Box::from_raw(order) });
    }
}

fn null_handle() -> Failure {
    Failure::argument(String::from(
        "order is NULL; make one with ncpcert_order_new",
    ))
}

/// What `ncpcert_order_feed` was given, read and checked.
enum Fed {
    Answer {
        date: Option<String>,
        received_at_ms: Option<u64>,
    },
    Failure {
        written: bool,
        message: String,
    },
}

impl Fed {
    fn read(http_status: u16, body: &[u8], meta: &str) -> Result<Fed, Failure> {
        let mut fields = if meta.is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(meta) {
                Ok(Value::Object(fields)) => fields,
                Ok(_) => return Err(meta_error(http_status, "is not a JSON object")),
                Err(e) => return Err(meta_error(http_status, &format!("is not JSON ({e})"))),
            }
        };
        fields.retain(|_, v| !v.is_null());
        if http_status == 0 {
            if !body.is_empty() {
                return Err(Failure::argument(String::from(
                    "http_status 0 is a transport failure, which has no body; pass the \
                     answer's HTTP status with its body, or no body",
                )));
            }
            let written = match fields.remove("written") {
                Some(Value::Bool(b)) => b,
                _ => return Err(meta_error(0, "needs \"written\": true or false")),
            };
            let message = match fields.remove("message") {
                None => String::new(),
                Some(Value::String(s)) => s,
                Some(_) => return Err(meta_error(0, "has a \"message\" that is not a string")),
            };
            only_known(&fields, 0)?;
            Ok(Fed::Failure { written, message })
        } else {
            let date = match fields.remove("date") {
                None => None,
                Some(Value::String(s)) => Some(s),
                Some(_) => {
                    return Err(meta_error(
                        http_status,
                        "has a \"date\" that is not a string",
                    ))
                }
            };
            let received_at_ms = match fields.remove("receivedAtMs") {
                None => None,
                Some(v) => Some(v.as_u64().ok_or_else(|| {
                    meta_error(
                        http_status,
                        "has a \"receivedAtMs\" that is not milliseconds since the Unix epoch",
                    )
                })?),
            };
            only_known(&fields, http_status)?;
            Ok(Fed::Answer {
                date,
                received_at_ms,
            })
        }
    }
}

fn only_known(fields: &Map<String, Value>, http_status: u16) -> Result<(), Failure> {
    match fields.keys().next() {
        None => Ok(()),
        Some(key) => Err(meta_error(
            http_status,
            &format!("has an unknown key {key:?}"),
        )),
    }
}

/// A `meta_json` the C caller got wrong, saying which shape the status asks for.
fn meta_error(http_status: u16, what: &str) -> Failure {
    let shape = if http_status == 0 {
        "for a transport failure (http_status 0) give {\"written\": true|false, \"message\": \"…\"}"
    } else {
        "for an answer give {\"date\": \"<Date header>\", \"receivedAtMs\": <ms>} (both optional) or nothing"
    };
    Failure::argument(format!("meta_json {what}; {shape}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    const CSR: &str = include_str!("../../tests/data/sample.csr.pem");

    fn request() -> String {
        serde_json::json!({"csr": CSR, "certificateType": "DV", "certificateName": "web",
            "commonName": "www.example.com", "dnsName": ["www.example.com", "example.com"],
            "validationMethod": "D"})
        .to_string()
    }

    fn empty() -> ncpcert_buf {
        ncpcert_buf {
            data: null_mut(),
            len: 0,
        }
    }

    fn take(buf: &mut ncpcert_buf) -> Value {
        // SAFETY: filled by the library (or zeroed).
        let value = if buf.data.is_null() {
            Value::Null
        } else {
            let text = unsafe { std::slice::from_raw_parts(buf.data, buf.len) };
            serde_json::from_slice(text).unwrap()
        };
        // SAFETY: as above.
        unsafe { ncpcert_buf_free(buf) };
        value
    }

    use crate::ncpcert_buf_free;

    fn new(options: &str) -> *mut ncpcert_order {
        let request = request();
        let mut order = null_mut();
        let mut error = empty();
        // SAFETY: local buffers and pointers.
        let status = unsafe {
            ncpcert_order_new(
                request.as_ptr(),
                request.len(),
                null(),
                0,
                options.as_ptr(),
                options.len(),
                &mut order,
                &mut error,
            )
        };
        assert_eq!(status, 0, "{:?}", take(&mut error));
        assert!(error.data.is_null());
        order
    }

    fn next(order: *mut ncpcert_order) -> (i32, Value) {
        let mut out = empty();
        // SAFETY: a live handle and a local buffer.
        let status = unsafe { ncpcert_order_next(order, 1_700_000_000_000, &mut out) };
        (status, take(&mut out))
    }

    fn feed(order: *mut ncpcert_order, http_status: u16, body: &[u8], meta: &str) -> (i32, Value) {
        let mut error = empty();
        // SAFETY: a live handle, local ranges and buffer.
        let status = unsafe {
            ncpcert_order_feed(
                order,
                http_status,
                body.as_ptr(),
                body.len(),
                meta.as_ptr(),
                meta.len(),
                &mut error,
            )
        };
        (status, take(&mut error))
    }

    #[test]
    fn an_order_accepted_at_once() {
        let order = new(r#"{"baseUrl":"http://127.0.0.1:9","backoffMs":0}"#);
        let (status, journal) = next(order);
        assert_eq!((status, journal["action"].as_str()), (0, Some("journal")));
        let (_, send) = next(order);
        assert_eq!(send["purpose"], "order");
        // Out of turn: 6, internal.misuse, and the workflow still waits for its answer.
        let (status, misuse) = next(order);
        assert_eq!(
            (status, misuse["code"].as_str()),
            (6, Some("internal.misuse"))
        );
        let body = br#"{"returnCode":"0","paidCertificate":{"certificateNo":7,"certificateName":"web","statusCode":"0","statusName":"Ongoing"}}"#;
        assert_eq!(feed(order, 200, body, "").0, 0);
        let (_, journal) = next(order);
        assert_eq!(journal["action"], "journal");
        let (_, done) = next(order);
        assert_eq!(done["action"], "done");
        assert_eq!(done["result"]["path"], "accepted");
        assert_eq!(done["result"]["certificateNo"], 7);
        // SAFETY: the handle made above, freed once.
        unsafe { ncpcert_order_free(order) };
    }

    #[test]
    fn bad_feeds_change_nothing() {
        let order = new(r#"{"baseUrl":"http://127.0.0.1:9"}"#);
        next(order);
        next(order);
        for (status, body, meta) in [
            (0u16, &b""[..], ""),
            (0, b"", "{}"),
            (0, b"", r#"{"written":"yes"}"#),
            (0, b"", r#"{"written":true,"message":5}"#),
            (0, b"", r#"{"written":true,"date":"x"}"#),
            (0, b"x", r#"{"written":true}"#),
            (504, b"", r#"{"written":true}"#),
            (504, b"", r#"{"receivedAtMs":-1}"#),
            (504, b"", r#"{"date":1}"#),
            (504, b"", "[]"),
            (504, b"", "nope"),
        ] {
            let (got, error) = feed(order, status, body, meta);
            assert_eq!(got, 5, "{status} {meta}");
            assert_eq!(error["type"], "argument");
        }
        // Still waiting for the answer: it is taken now.
        assert_eq!(
            feed(order, 0, b"", r#"{"written":false,"message":"refused"}"#).0,
            0
        );
        assert_eq!(
            feed(order, 0, b"", r#"{"written":false}"#).1["code"],
            "internal.misuse"
        );
        // SAFETY: the handle made above, freed once.
        unsafe { ncpcert_order_free(order) };
    }

    #[test]
    fn null_arguments_are_statuses() {
        let mut out = empty();
        // SAFETY: NULL handles and buffers are part of the contract.
        unsafe {
            assert_eq!(ncpcert_order_next(null_mut(), 0, &mut out), 5);
            assert_eq!(take(&mut out)["type"], "argument");
            assert_eq!(ncpcert_order_next(null_mut(), 0, null_mut()), 5);
            assert_eq!(
                ncpcert_order_feed(null_mut(), 200, null(), 0, null(), 0, null_mut()),
                5
            );
            ncpcert_order_free(null_mut());
            let request = request();
            assert_eq!(
                ncpcert_order_new(
                    request.as_ptr(),
                    request.len(),
                    null(),
                    0,
                    null(),
                    0,
                    null_mut(),
                    &mut out
                ),
                5
            );
            assert_eq!(take(&mut out)["type"], "argument");
            let mut order = std::ptr::dangling_mut::<ncpcert_order>();
            assert_eq!(
                ncpcert_order_new(null(), 3, null(), 0, null(), 0, &mut order, &mut out),
                5
            );
            assert!(order.is_null());
            take(&mut out);
        }
    }

    #[test]
    fn a_poisoned_handle_answers_6() {
        let order = new("{}");
        // SAFETY: the handle made above.
        let handle = unsafe { &*order };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _guard = handle.driver.lock().unwrap();
            panic!("inside a call");
        }));
        let (status, error) = next(order);
        assert_eq!(
            (status, error["code"].as_str()),
            (6, Some("internal.panic"))
        );
        // SAFETY: freed once.
        unsafe { ncpcert_order_free(order) };
    }
}
