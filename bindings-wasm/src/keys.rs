//! `ncpcert/keys`: the core's part of making keys and CSRs with WebCrypto. The JavaScript
//! layer makes the key pair and signs with `crypto.subtle`; this module gives it the
//! algorithms' WebCrypto dictionaries (the core's facts: `KeyKind`), reads a private key's PEM
//! into PKCS#8 DER for `importKey`, writes a made key's PKCS#8 as PEM, and builds the CSR's
//! request info and the CSR around WebCrypto's signature. No key arithmetic is linked here:
//! the module is the core's `csr-assembly` feature alone.
//!
//! Copies of key bytes in this module are wiped. Errors are thrown as `{type, code, message}`
//! objects built with a few JavaScript calls, as the signing exports do: this module has no
//! serde code.

use ncpcert::keys::{self, KeyAlgorithm, KeyError, KeyKind, PrivateKeyDer, RSA_PUBLIC_EXPONENT};
use ncpcert::ErrorCode;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript `Uint8Array`.
    #[wasm_bindgen(js_name = Uint8Array)]
    type JsBytes;

    /// `new Uint8Array(view)`: a JavaScript copy of bytes in this module's memory.
    #[wasm_bindgen(constructor, js_class = "Uint8Array")]
    fn copy_of(bytes: &[u8]) -> JsBytes;
}

/// `{type, code, message}` of a key error (construction never has findings).
fn key_error(e: KeyError) -> JsValue {
    coded(e.code(), e.message())
}

fn coded(code: ErrorCode, message: &str) -> JsValue {
    object(&[
        ("type", code.error_type().into()),
        ("code", code.as_str().into()),
        ("message", message.into()),
    ])
}

/// A plain object with these properties.
fn object(properties: &[(&str, JsValue)]) -> JsValue {
    let object = crate::js::JsObject::new();
    for (name, value) in properties {
        // Setting a property of a fresh plain object cannot fail.
        let _ = crate::js::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// `{name}` of a WebCrypto algorithm or hash, with more members.
fn algorithm(name: &str, more: &[(&str, JsValue)]) -> JsValue {
    let mut properties = vec![("name", JsValue::from_str(name))];
    properties.extend_from_slice(more);
    object(&properties)
}

/// The WebCrypto dictionaries of a key kind: `import` (importKey's, also generateKey's for the
/// curves) and `sign`, the JWK members of its public key (`publicJwk`) and its name
/// (`algorithm`, which requestInfo and assembleCsr take back).
fn kind_params(kind: KeyKind) -> Vec<(&'static str, JsValue)> {
    let name = kind.webcrypto_algorithm();
    let hash = || algorithm(kind.hash(), &[]);
    let (import, sign) = match kind.curve() {
        Some(curve) => (
            algorithm(name, &[("namedCurve", curve.into())]),
            algorithm(name, &[("hash", hash())]),
        ),
        None => (algorithm(name, &[("hash", hash())]), algorithm(name, &[])),
    };
    let members = crate::js::JsArray::new();
    for member in kind.public_jwk_members() {
        members.push(&JsValue::from_str(member));
    }
    vec![
        ("algorithm", kind.to_string().into()),
        ("import", import),
        ("sign", sign),
        ("publicJwk", members.into()),
    ]
}

/// The WebCrypto dictionaries of `algorithm` (`rsa2048` when absent): `generate`
/// (generateKey's), `import`, `sign`, `publicJwk` and `algorithm`.
#[wasm_bindgen(js_name = keyParams)]
pub fn key_params(algorithm_name: Option<String>) -> Result<JsValue, JsValue> {
    let chosen = match algorithm_name {
        Some(name) => name.parse::<KeyAlgorithm>().map_err(key_error)?,
        None => KeyAlgorithm::default(),
    };
    let kind = chosen.kind();
    let mut properties = kind_params(kind);
    let generate = match (kind.rsa_bits(), kind.curve()) {
        (Some(bits), _) => algorithm(
            kind.webcrypto_algorithm(),
            &[
                ("modulusLength", bits.into()),
                (
                    "publicExponent",
                    JsBytes::copy_of(&RSA_PUBLIC_EXPONENT).into(),
                ),
                ("hash", algorithm(kind.hash(), &[])),
            ],
        ),
        (None, Some(curve)) => {
            algorithm(kind.webcrypto_algorithm(), &[("namedCurve", curve.into())])
        }
        (None, None) => JsValue::UNDEFINED,
    };
    properties.push(("generate", generate));
    Ok(object(&properties))
}

/// The PKCS#8 PEM of `pkcs8` (WebCrypto's `exportKey("pkcs8", …)`), once the core has read it
/// as a key it signs CSRs with.
#[wasm_bindgen(js_name = privateKeyPem)]
pub fn private_key_pem(pkcs8: Vec<u8>) -> Result<JsValue, JsValue> {
    let pkcs8 = Zeroizing::new(pkcs8);
    let key = PrivateKeyDer::from_pkcs8(&pkcs8).map_err(key_error)?;
    let pem = key.to_pem().map_err(key_error)?;
    // Copied into a JavaScript string from the key's own buffer, which is wiped when dropped
    // (a returned `String` would be freed unwiped by the glue).
    Ok(JsValue::from_str(pem.as_str()))
}

/// `{pkcs8, algorithm, import, sign, publicJwk}` of a private key's PEM (PKCS#8, PKCS#1 or
/// SEC1): its PKCS#8 DER for `importKey` and the dictionaries to import and sign with.
#[wasm_bindgen(js_name = readPrivateKey)]
pub fn read_private_key(pem: String) -> Result<JsValue, JsValue> {
    let pem = Zeroizing::new(pem);
    let key = keys::read_private_key(&pem).map_err(key_error)?;
    let mut properties = kind_params(key.kind());
    properties.push(("pkcs8", JsBytes::copy_of(key.pkcs8_der()).into()));
    Ok(object(&properties))
}

/// The key kind named `name` (an `algorithm` of readPrivateKey or keyParams), when given.
fn kind(name: Option<String>) -> Result<Option<KeyKind>, JsValue> {
    name.map(|n| n.parse::<KeyKind>().map_err(key_error))
        .transpose()
}

/// The DER request info of a CSR for `names` (an array of strings, as `checkCsrNames` returns
/// them) and the public key `spki` (`exportKey("spki", …)`), of the kind `algorithm` if given.
#[wasm_bindgen(js_name = requestInfo)]
pub fn request_info(
    spki: Vec<u8>,
    names: JsValue,
    algorithm_name: Option<String>,
) -> Result<Vec<u8>, JsValue> {
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
    keys::request_info(&spki, &names, kind(algorithm_name)?).map_err(key_error)
}

/// The CSR (PEM) of `info` (from requestInfo) and WebCrypto's `signature` of it by the key of
/// kind `algorithm`.
#[wasm_bindgen(js_name = assembleCsr)]
pub fn assemble_csr(
    info: Vec<u8>,
    algorithm_name: String,
    signature: Vec<u8>,
) -> Result<String, JsValue> {
    let kind = algorithm_name.parse::<KeyKind>().map_err(key_error)?;
    keys::assemble_csr(&info, kind, &signature).map_err(key_error)
}

/// Throws the core's error for a private key WebCrypto's `importKey` refused.
#[wasm_bindgen(js_name = keyRefused)]
pub fn key_refused() -> Result<(), JsValue> {
    Err(key_error(keys::key_refused_by_host()))
}
