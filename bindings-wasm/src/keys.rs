//! `ncpcert/keys`: a private key from entropy the JavaScript layer draws with
//! `crypto.getRandomValues`, and a CSR built and signed with a key for names the full module
//! checked (`checkCsrNames`; it reads the CSR made back with `checkMadeCsr`). The key's text
//! crosses into JavaScript as a string; this module's own copies, and the entropy, are wiped.
//!
//! Errors are thrown as `{type, code, message}` objects built with a few JavaScript calls, as
//! the signing exports do: this module has no serde code.

use ncpcert::keys::{self, KeyAlgorithm, KeyError};
use ncpcert::ErrorCode;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// `{type, code, message}` of a key error (construction never has findings).
fn key_error(e: KeyError) -> JsValue {
    coded(e.code(), e.message())
}

fn coded(code: ErrorCode, message: &str) -> JsValue {
    let object = crate::js::JsObject::new();
    for (name, value) in [
        ("type", code.error_type()),
        ("code", code.as_str()),
        ("message", message),
    ] {
        // Setting a property of a fresh plain object cannot fail.
        let _ = crate::js::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object.into()
}

/// A PKCS#8 PEM private key of `algorithm` (`rsa2048` when absent) made from `entropy`.
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key(algorithm: Option<String>, entropy: Vec<u8>) -> Result<JsValue, JsValue> {
    let entropy = Zeroizing::new(entropy);
    let algorithm = match algorithm {
        Some(name) => name.parse::<KeyAlgorithm>().map_err(key_error)?,
        None => KeyAlgorithm::default(),
    };
    let key = keys::generate_key(algorithm, &entropy).map_err(key_error)?;
    // Copied into a JavaScript string from the key's own buffer, which is wiped when dropped
    // (a returned `String` would be freed unwiped by the glue).
    Ok(JsValue::from_str(key.as_str()))
}

/// A CSR (PEM) for `names` (an array of strings, as `checkCsrNames` returns them), signed with
/// the private key `keyPem`.
#[wasm_bindgen(js_name = buildCsr)]
pub fn build_csr(key_pem: String, names: JsValue) -> Result<String, JsValue> {
    let key_pem = Zeroizing::new(key_pem);
    let refused = || {
        coded(
            ErrorCode::ArgumentInvalid,
            "names must be a list of domain names (strings), the first being the common name",
        )
    };
    if !crate::js::is_array(&names) {
        return Err(refused());
    }
    let list: &crate::js::JsArray = names.unchecked_ref();
    let names = (0..list.length())
        .map(|i| list.get(i).as_string().ok_or_else(refused))
        .collect::<Result<Vec<String>, JsValue>>()?;
    keys::build_csr(&key_pem, &names).map_err(key_error)
}
