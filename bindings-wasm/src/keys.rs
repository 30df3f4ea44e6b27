//! `ncpcert/keys`: a private key from entropy the JavaScript layer draws with
//! `crypto.getRandomValues`, and a CSR signed with a key. The key's text crosses into
//! JavaScript as a string; the module's own copy is wiped.

use crate::convert::{argument, thrown};
use ncpcert::host;
use wasm_bindgen::prelude::*;

/// A PKCS#8 PEM private key of `algorithm` (`rsa2048` when absent) made from `entropy`.
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key(algorithm: Option<String>, entropy: &[u8]) -> Result<String, JsValue> {
    let key = host::generate_key(algorithm.as_deref(), entropy).map_err(thrown)?;
    Ok(key.as_str().to_owned())
}

/// A CSR (PEM) for `names` (an array of strings), signed with the private key `keyPem`.
#[wasm_bindgen(js_name = makeCsr)]
pub fn make_csr(key_pem: &str, names: JsValue) -> Result<String, JsValue> {
    let names = argument(&names, "names")?;
    host::make_csr(key_pem, &names).map_err(thrown)
}
