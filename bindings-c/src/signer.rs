//! The keyed signer handle: the HMAC key schedule is computed once and reused for every
//! request a host signs.

use crate::boundary::{ncpcert_buf, run, text, Failure};
use ncpcert::{host::HostError, Signer};
use serde_json::json;

/// A keyed signer (opaque). Made by `ncpcert_signer_new`, released by `ncpcert_signer_free`.
/// The secret key is not kept, only the keyed HMAC state, wiped when freed.
pub struct ncpcert_signer {
    inner: Signer,
}

/// Checks both keys and keys the HMAC once. On status 0 `*signer_out` holds a new handle
/// (free it with `ncpcert_signer_free`); otherwise it is NULL and `error_out` (may be NULL)
/// holds the error JSON — which never shows the secret key.
///
/// Returns 0, 1 (signing: a key that is empty or not printable ASCII) or 5 (argument: NULL
/// with a length, not UTF-8, a NULL `signer_out`). Thread-safe.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL or point to that many readable bytes;
/// `signer_out` must be NULL or point to a writable pointer; `error_out` must be NULL or
/// point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_signer_new(
    access_key: *const u8,
    access_key_len: usize,
    secret_key: *const u8,
    secret_key_len: usize,
    signer_out: *mut *mut ncpcert_signer,
    error_out: *mut ncpcert_buf,
) -> i32 {
    if !signer_out.is_null() {
        // SAFETY: non-NULL and writable by the caller's contract.
        unsafe { signer_out.write(std::ptr::null_mut()) };
    }
    let call = || {
        // SAFETY: the caller's contract on each range.
        let (access, secret) = unsafe {
            (
                text(access_key, access_key_len, "access_key")?,
                text(secret_key, secret_key_len, "secret_key")?,
            )
        };
        if signer_out.is_null() {
            return Err(Failure::argument(String::from(
                "signer_out is NULL; pass the address of an ncpcert_signer pointer",
            )));
        }
        let inner = Signer::new(access, secret).map_err(HostError::from)?;
        let handle = Box::into_raw(Box::new(ncpcert_signer { inner }));
        // SAFETY: non-NULL (checked above) and writable by the caller's contract.
        unsafe { signer_out.write(handle) };
        Ok(String::new())
    };
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    let status = unsafe { run(error_out, call) };
    if status == crate::NCPCERT_OK {
        // SAFETY: as above; the buffer was just filled by `run`.
        unsafe { crate::boundary::free(error_out) };
    }
    status
}

/// The signature headers of one request: `out` receives
/// `{"method": "POST", "headers": {"x-ncp-apigw-timestamp": "…", "x-ncp-iam-access-key":
/// "…", "x-ncp-apigw-signature-v2": "…"}}` (the method upper-cased, as it must be sent).
///
/// Returns 0, 1 (signing: a bad method, path or timestamp) or 5 (argument: a NULL signer,
/// NULL with a length, not UTF-8). `out` as for `ncpcert_validate`. Thread-safe: one signer
/// may be used from many threads at once (but not while it is being freed).
///
/// # Safety
/// `signer` must be NULL or a live handle from `ncpcert_signer_new`; each `(pointer,
/// length)` pair must be NULL or point to that many readable bytes; `out` must be NULL or
/// point to a writable `ncpcert_buf`.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_signer_headers(
    signer: *const ncpcert_signer,
    method: *const u8,
    method_len: usize,
    path_and_query: *const u8,
    path_len: usize,
    timestamp_ms: u64,
    out: *mut ncpcert_buf,
) -> i32 {
    let call = || {
        // SAFETY: NULL or a live handle, by the caller's contract; only read.
        let Some(signer) = (unsafe { signer.as_ref() }) else {
            return Err(Failure::argument(String::from(
                "signer is NULL; make one with ncpcert_signer_new",
            )));
        };
        // SAFETY: the caller's contract on each range.
        let (method, path) = unsafe {
            (
                text(method, method_len, "method")?,
                text(path_and_query, path_len, "path_and_query")?,
            )
        };
        let h = signer
            .inner
            .headers(method, path, timestamp_ms)
            .map_err(HostError::from)?;
        let [(t_name, t), (a_name, a), (s_name, s)] = h.pairs();
        Ok(json!({"method": h.method, "headers": {t_name: t, a_name: a, s_name: s}}).to_string())
    };
    // SAFETY: `out` is NULL or writable by the caller's contract.
    unsafe { run(out, call) }
}

/// Releases a signer (its keyed state is wiped). NULL does nothing. Call it once per handle,
/// after every other call on it has returned.
///
/// # Safety
/// `signer` must be NULL or a live handle from `ncpcert_signer_new`, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ncpcert_signer_free(signer: *mut ncpcert_signer) {
    if !signer.is_null() {
        // SAFETY: a live handle made by `Box::into_raw` in `ncpcert_signer_new`.
        drop(unsafe { Box::from_raw(signer) });
    }
}
