//! The signing exports, the same in the full module and in the signing-only one of
//! `ncpcert/signer`: free `sign` and `verify`, a keyed `WasmSigner` and the header names.
//!
//! Errors are thrown as `{type, code, message}` objects built with two JavaScript calls rather
//! than through serde: the signing-only module has no serde code and its budget has no room
//! for it.

use ncpcert::{ErrorCode, Signer, SigningError, SigningTarget};
use wasm_bindgen::prelude::*;

/// `{type, code, message}` of a signing error; its type is its code's in the core's table.
pub(crate) fn signing_error(e: SigningError) -> JsValue {
    let error_type = ErrorCode::from_code_str(e.code()).map_or("signing", ErrorCode::error_type);
    let object = crate::js::JsObject::new();
    for (name, value) in [
        ("type", error_type),
        ("code", e.code()),
        ("message", e.message()),
    ] {
        // Setting a property of a fresh plain object cannot fail.
        let _ = crate::js::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object.into()
}

/// JavaScript numbers are doubles: the core decides which ones are whole milliseconds.
pub(crate) fn timestamp(ms: f64) -> Result<u64, JsValue> {
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
    let ts = timestamp(timestamp_ms)?;
    ncpcert::sign(method, path_and_query, ts, access_key, secret_key).map_err(signing_error)
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

/// Names of the three signature headers (timestamp, access key, signature), one per line: one
/// string costs the signing-only module less than an array of three.
#[wasm_bindgen(js_name = signatureHeaderNames)]
pub fn signature_header_names() -> String {
    [
        ncpcert::HEADER_TIMESTAMP,
        ncpcert::HEADER_ACCESS_KEY,
        ncpcert::HEADER_SIGNATURE,
    ]
    .join("\n")
}

/// A keyed signer; the secret stays in WebAssembly memory and is wiped when freed.
///
/// `signTarget` and `signAgain` return either the signed string or, for input the core
/// refuses, the error object (not thrown): the JavaScript layer throws it. Without a
/// `Result`, a signature crosses the boundary as one value.
#[wasm_bindgen]
pub struct WasmSigner {
    inner: Signer,
    /// The request-target of the last `signTarget` call that succeeded, checked then: clients
    /// sign the same request-target over and over, and `signAgain` spares passing it across
    /// the boundary, and checking it again, each time.
    target: Option<SigningTarget>,
}

#[wasm_bindgen]
impl WasmSigner {
    /// Checks both keys and keys the HMAC once.
    #[wasm_bindgen(constructor)]
    pub fn new(access_key: &str, secret_key: &str) -> Result<WasmSigner, JsValue> {
        Signer::new(access_key, secret_key)
            .map(|inner| WasmSigner {
                inner,
                target: None,
            })
            .map_err(signing_error)
    }

    /// The timestamp's decimal digits followed by the 44-character signature (or the error
    /// object), and remembers the request-target for `signAgain`. One string back instead
    /// of two, and no number-to-text conversion on the JS side.
    #[wasm_bindgen(js_name = signTarget)]
    pub fn sign_target(
        &mut self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
    ) -> JsValue {
        let signed = timestamp(timestamp_ms).and_then(|ts| {
            let target = SigningTarget::new(method, path_and_query).map_err(signing_error)?;
            let signed = self.timestamp_and_signature(&target, ts)?;
            self.target = Some(target);
            Ok(signed)
        });
        signed.unwrap_or_else(|error| error)
    }

    /// Like `signTarget`, for the request-target of the last successful `signTarget`.
    #[wasm_bindgen(js_name = signAgain)]
    pub fn sign_again(&self, timestamp_ms: f64) -> JsValue {
        let signed = timestamp(timestamp_ms).and_then(|ts| match &self.target {
            Some(target) => self.timestamp_and_signature(target, ts),
            // Before any signTarget: the core's error for a missing request-target.
            None => SigningTarget::new("", "")
                .map_err(signing_error)
                .and_then(|target| self.timestamp_and_signature(&target, ts)),
        });
        signed.unwrap_or_else(|error| error)
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
    /// The timestamp's digits then the signature, assembled on the stack and copied once
    /// into a JavaScript string: no allocation in WebAssembly memory per signature.
    fn timestamp_and_signature(&self, target: &SigningTarget, ts: u64) -> Result<JsValue, JsValue> {
        let signature = self
            .inner
            .signature_for(target, ts)
            .map_err(signing_error)?;
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(ts);
        // A u64 has at most 20 digits.
        let mut text = [0u8; 20 + ncpcert::SIGNATURE_LEN];
        let len = digits.len() + ncpcert::SIGNATURE_LEN;
        text[..digits.len()].copy_from_slice(digits.as_bytes());
        text[digits.len()..len].copy_from_slice(signature.as_str().as_bytes());
        // Digits and base64 are ASCII.
        Ok(JsValue::from_str(
            std::str::from_utf8(&text[..len]).unwrap_or_default(),
        ))
    }
}
