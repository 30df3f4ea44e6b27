//! The checks of `makeCsr` (`ncpcert/keys`), exported by the full module, which holds the
//! domain rules and the CSR reader already: the names before the keys module builds the CSR,
//! and the CSR it made after. Not among the package's public names.

use crate::convert::{argument, host, thrown};
use ncpcert::host as core;
use wasm_bindgen::prelude::*;

/// The names (an array of strings) as they go in a CSR (A-labels), or `csr.names_invalid`
/// with every finding.
#[wasm_bindgen(js_name = checkCsrNames)]
pub fn check_csr_names(names: JsValue) -> Result<JsValue, JsValue> {
    let names = argument(&names, "names")?;
    host(core::check_csr_names(&names))
}

/// Refuses (`key.invalid`) a CSR made that a CA would refuse.
#[wasm_bindgen(js_name = checkMadeCsr)]
pub fn check_made_csr(csr_pem: &str) -> Result<(), JsValue> {
    core::check_made_csr(csr_pem).map_err(thrown)
}
