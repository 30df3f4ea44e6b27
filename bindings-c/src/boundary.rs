//! What crosses the C boundary: byte ranges in, `ncpcert_buf` out, status codes, and the one
//! place where panics are caught. Conversion only: every result and error is a value of
//! `ncpcert::host`, serialised once here; the status is the error's type; every code is one
//! of the core's table (`ncpcert::ErrorCode`).

use ncpcert::host::HostError;
use ncpcert::ErrorCode;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Success.
pub const NCPCERT_OK: i32 = 0;
/// The host error type `signing`.
pub const NCPCERT_ERR_SIGNING: i32 = 1;
/// The host error type `validation`.
pub const NCPCERT_ERR_VALIDATION: i32 = 2;
/// The host error type `csr`.
pub const NCPCERT_ERR_CSR: i32 = 3;
/// The host error type `api`.
pub const NCPCERT_ERR_API: i32 = 4;
/// The host error type `argument`, and a NULL pointer with a length or text that is not UTF-8.
pub const NCPCERT_ERR_ARGUMENT: i32 = 5;
/// Type `internal`: a panic caught at the boundary (a bug in ncpcert; code
/// `internal.panic`), or an order workflow called out of turn (a bug in the host; code
/// `internal.misuse`).
pub const NCPCERT_ERR_INTERNAL: i32 = 6;

/// A library-owned byte buffer holding JSON text. `data` is NUL-terminated too (`len`
/// excludes the NUL), so it can be read as a C string. Release it with `ncpcert_buf_free`.
/// A zeroed buffer (`{NULL, 0}`) is empty and may be freed.
#[repr(C)]
pub struct ncpcert_buf {
    /// The bytes, then one NUL; NULL when empty.
    pub data: *mut u8,
    /// The number of bytes before the NUL.
    pub len: usize,
}

/// The status of an error type. Types no call of the C ABI returns as an error (`order`,
/// which comes inside a `done` action) count as `internal`, as any unexpected one would.
pub(crate) fn status_of_type(error_type: &str) -> i32 {
    match error_type {
        "signing" => NCPCERT_ERR_SIGNING,
        "validation" => NCPCERT_ERR_VALIDATION,
        "csr" => NCPCERT_ERR_CSR,
        "api" => NCPCERT_ERR_API,
        "argument" => NCPCERT_ERR_ARGUMENT,
        _ => NCPCERT_ERR_INTERNAL,
    }
}

/// A failed call: its status and the error JSON.
pub(crate) struct Failure {
    pub status: i32,
    pub json: String,
}

impl From<HostError> for Failure {
    /// An error of `ncpcert::host`: its type gives the status.
    fn from(error: HostError) -> Failure {
        Failure {
            status: status_of_type(error.error_type()),
            json: error.to_json(),
        }
    }
}

impl Failure {
    /// An argument a C caller got wrong (`argument.invalid`).
    pub fn argument(message: String) -> Failure {
        HostError::argument(message).into()
    }

    /// A handle whose earlier call panicked (its mutex is poisoned): its state cannot be
    /// trusted, and for an order workflow that could mean a paid request sent twice.
    pub fn poisoned() -> Failure {
        HostError::coded(
            ErrorCode::InternalPanic,
            "an earlier call on this handle failed unexpectedly (a bug: please report it); \
             free the handle. An order may have been placed: look the certificate name \
             up before ordering again",
        )
        .into()
    }

    fn internal() -> Failure {
        HostError::coded(
            ErrorCode::InternalPanic,
            "ncpcert failed unexpectedly (a bug: please report it); nothing was returned",
        )
        .into()
    }
}

/// A `(pointer, length)` range; NULL with length 0 is empty.
///
/// # Safety
/// Unless `len` is 0, `ptr` must be NULL or point to `len` readable bytes that stay valid
/// and unchanged for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::argument(format!(
            "{what} is NULL with a length of {len}; pass a pointer to the bytes, or a length of 0"
        )));
    }
    if len > isize::MAX as usize {
        return Err(Failure::argument(format!(
            "{what}: length {len} is too large"
        )));
    }
    // SAFETY: non-NULL, len <= isize::MAX, and the caller promises `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Like [`bytes`], for UTF-8 text.
///
/// # Safety
/// As for [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from this function's contract.
    let raw = unsafe { bytes(ptr, len, what) }?;
    std::str::from_utf8(raw).map_err(|e| {
        Failure::argument(format!(
            "{what} is not UTF-8 (invalid byte at offset {}); text must be UTF-8",
            e.valid_up_to()
        ))
    })
}

/// A library-owned copy of `text` plus a NUL.
pub(crate) fn to_buf(text: String) -> ncpcert_buf {
    let mut bytes = text.into_bytes();
    let len = bytes.len();
    bytes.push(0);
    let data = Box::into_raw(bytes.into_boxed_slice()).cast::<u8>();
    ncpcert_buf { data, len }
}

/// Writes `text` into `*out` when `out` is not NULL; drops it otherwise.
///
/// # Safety
/// `out` must be NULL or point to a writable `ncpcert_buf`.
pub(crate) unsafe fn store(out: *mut ncpcert_buf, text: String) {
    if out.is_null() {
        return;
    }
    // SAFETY: non-NULL and writable by the caller's contract; the old value is not read.
    unsafe { out.write(to_buf(text)) };
}

/// Empties `*out` (NULL allowed) so that it holds no stale pointer on any path.
///
/// # Safety
/// As for [`store`].
pub(crate) unsafe fn clear(out: *mut ncpcert_buf) {
    if !out.is_null() {
        // SAFETY: non-NULL and writable by the caller's contract.
        unsafe {
            out.write(ncpcert_buf {
                data: std::ptr::null_mut(),
                len: 0,
            })
        };
    }
}

/// Runs one entry point: catches a panic (status 6), and turns the result into a status.
/// `Ok` text goes to `*out` with status 0, a failure's JSON with its status.
///
/// # Safety
/// As for [`store`].
pub(crate) unsafe fn run(
    out: *mut ncpcert_buf,
    call: impl FnOnce() -> Result<String, Failure>,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { clear(out) };
    let (status, json) = match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(text)) => (NCPCERT_OK, text),
        Ok(Err(failure)) => (failure.status, failure.json),
        Err(_) => {
            let failure = Failure::internal();
            (failure.status, failure.json)
        }
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { store(out, json) };
    status
}

/// Like [`run`], for a result that is secret (a private key): its bytes go into a buffer
/// allocated once at their size, and the call's own copy is wiped.
///
/// # Safety
/// As for [`store`].
pub(crate) unsafe fn run_secret(
    out: *mut ncpcert_buf,
    call: impl FnOnce() -> Result<Vec<u8>, Failure>,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { clear(out) };
    let failure = match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(mut secret)) => {
            if !out.is_null() {
                let len = secret.len();
                // `vec![0; n]` allocates exactly n bytes: no reallocation copies the secret.
                let mut whole = vec![0u8; len + 1].into_boxed_slice();
                whole[..len].copy_from_slice(&secret);
                let data = Box::into_raw(whole).cast::<u8>();
                // SAFETY: non-NULL and writable by the caller's contract.
                unsafe { out.write(ncpcert_buf { data, len }) };
            }
            crate::keys::wipe(&mut secret);
            return NCPCERT_OK;
        }
        Ok(Err(failure)) => failure,
        Err(_) => Failure::internal(),
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { store(out, failure.json) };
    failure.status
}

/// Releases a buffer made by [`to_buf`] and zeroes it; a zeroed one is left alone. Its bytes
/// are wiped first: a buffer may hold a private key.
///
/// # Safety
/// `buf` must be NULL or point to an `ncpcert_buf` that is zeroed or was filled by ncpcert
/// and not changed since.
pub(crate) unsafe fn free(buf: *mut ncpcert_buf) {
    if buf.is_null() {
        return;
    }
    // SAFETY: non-NULL and valid by the caller's contract.
    let held = unsafe { &mut *buf };
    if held.data.is_null() {
        held.len = 0;
        return;
    }
    let whole = std::ptr::slice_from_raw_parts_mut(held.data, held.len + 1);
    // SAFETY: `data` and `len + 1` are those of the boxed slice `to_buf` leaked.
    let mut owned = unsafe { Box::from_raw(whole) };
    crate::keys::wipe(&mut owned);
    drop(owned);
    held.data = std::ptr::null_mut();
    held.len = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_status_6_with_internal_json() {
        let mut out = ncpcert_buf {
            data: std::ptr::null_mut(),
            len: 0,
        };
        // SAFETY: `out` is a local buffer.
        let status = unsafe { run(&mut out, || panic!("boom")) };
        assert_eq!(status, NCPCERT_ERR_INTERNAL);
        // SAFETY: filled by `run` just above.
        let text = unsafe { std::slice::from_raw_parts(out.data, out.len) };
        let value: serde_json::Value = serde_json::from_slice(text).unwrap();
        assert_eq!(value["type"], "internal");
        // SAFETY: filled by `run`; freeing twice is allowed.
        unsafe {
            free(&mut out);
            free(&mut out);
        }
        assert!(out.data.is_null() && out.len == 0);
    }

    #[test]
    fn the_errors_made_here_are_of_the_table_and_their_status_is_their_type() {
        for (failure, status) in [
            (Failure::argument(String::from("x")), NCPCERT_ERR_ARGUMENT),
            (Failure::poisoned(), NCPCERT_ERR_INTERNAL),
            (Failure::internal(), NCPCERT_ERR_INTERNAL),
        ] {
            let value: serde_json::Value = serde_json::from_str(&failure.json).unwrap();
            let code = ErrorCode::from_code_str(value["code"].as_str().unwrap()).unwrap();
            assert_eq!(value["type"], code.error_type());
            assert_eq!(failure.status, status);
            assert_eq!(status_of_type(code.error_type()), status);
        }
        // Every type of the table has its status: the six of the header, or internal.
        for &code in ErrorCode::ALL {
            let status = status_of_type(code.error_type());
            assert!((1..=6).contains(&status), "{code}");
        }
    }
}
