//! WebAssembly bindings of `ncpcert`'s signing alone, published as the npm entry
//! `ncpcert/signer` (SPEC §13): `sign`, `verify` and a keyed signer, nothing else, so that
//! pages and workers that only sign download a small `.wasm` (SPEC §9).
//!
//! The same exports, names and error JSON as the full bindings (`bindings-wasm`), so that the
//! package's JavaScript signing layer serves both. Errors are written here as JSON of the
//! shape `ncpcert::host` documents (`{"type":"signing","code","message"}`), without
//! serde_json, which the full `.wasm` has anyway but this one would pay for.

use ncpcert::Signer;
use wasm_bindgen::prelude::*;

mod json;

fn signing_error(e: ncpcert::SigningError) -> JsValue {
    JsValue::from_str(&json::signing_error(e.code(), e.message()))
}

/// JavaScript numbers are doubles: the core decides which ones are whole milliseconds.
fn timestamp(ms: f64) -> Result<u64, JsValue> {
    ncpcert::timestamp_ms_from_f64(ms).map_err(signing_error)
}

/// Names of the three signature headers (timestamp, access key, signature), one per line: one
/// string costs this module less than an array of three.
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

    /// The timestamp's decimal digits followed by the 44-character signature. (No `signAgain`
    /// here, unlike the full bindings: the JavaScript layer then calls this each time.)
    #[wasm_bindgen(js_name = signTarget)]
    pub fn sign_target(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp_ms: f64,
    ) -> Result<String, JsValue> {
        let ts = timestamp(timestamp_ms)?;
        self.timestamp_and_signature(method, path_and_query, ts)
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

// The allocator: talc's wasm flavour instead of std's dlmalloc, whose code alone is a
// quarter of this module; one thread only, as in every JavaScript host.
#[cfg(target_family = "wasm")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown is single-threaded here and the allocator is the only user
// of memory it grows (talc's documented use on wasm).
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
