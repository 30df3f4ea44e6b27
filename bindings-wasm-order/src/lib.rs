//! WebAssembly bindings of `ncpcert`'s order workflow (SPEC §14), published as the npm entry
//! `ncpcert/order` and loaded by the main entry's `placeOrder` on its first call: the core's
//! [`OrderDriver`](ncpcert::host::OrderDriver) built from a request the full module prepared,
//! with JSON actions out and answers in.
//!
//! A module of its own (SPEC §9): what the workflow needs besides validation (NCP's answers,
//! the lookup and chain calls, the identity rule, DER keys) is about 95 KB gzipped, which the
//! full `.wasm` has no room for. Conversion only; errors are thrown as the host error JSON of
//! `ncpcert::host`, which the package's JavaScript layer turns into `NcpError` subclasses.

use ncpcert::host::{self, OrderDriver};
use wasm_bindgen::prelude::*;

fn thrown(json: String) -> JsValue {
    JsValue::from_str(&json)
}

/// JavaScript numbers are doubles: the core decides which ones are whole milliseconds.
fn timestamp(ms: f64) -> Result<u64, JsValue> {
    ncpcert::timestamp_ms_from_f64(ms).map_err(|e| thrown(host::signing_error_json(&e)))
}

/// The order workflow of one prepared issuance request. The JavaScript layer's `placeOrder`
/// drives it over `fetch`.
#[wasm_bindgen]
pub struct WasmOrder {
    inner: OrderDriver,
}

#[wasm_bindgen]
impl WasmOrder {
    /// The workflow of `prepared_json` (what `prepare` returned, as JSON) with its options
    /// JSON (`retries`, `backoffMs`, `transportMayReplay`).
    #[wasm_bindgen(constructor)]
    pub fn new(prepared_json: &str, options_json: &str) -> Result<WasmOrder, JsValue> {
        OrderDriver::from_prepared(prepared_json, options_json)
            .map(|inner| WasmOrder { inner })
            .map_err(thrown)
    }

    /// The next action as JSON; `now_ms` (the host's clock) dates journal entries.
    pub fn next(&mut self, now_ms: f64) -> Result<String, JsValue> {
        let now = timestamp(now_ms)?;
        self.inner.next(now).map_err(thrown)
    }

    /// The answer to the call sent last: HTTP status, body, the `Date` header and when it
    /// arrived (host clock, milliseconds).
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<String>,
        received_at_ms: Option<f64>,
    ) -> Result<(), JsValue> {
        let received = received_at_ms.map(timestamp).transpose()?;
        self.inner
            .receive(http_status, body, date.as_deref(), received)
            .map_err(thrown)
    }

    /// The call sent last failed in transport; `written` is false only when no byte of the
    /// request can have been written.
    #[wasm_bindgen(js_name = transportFailed)]
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), JsValue> {
        self.inner
            .transport_failed(written, message)
            .map_err(thrown)
    }
}

// The allocator: talc's wasm flavour instead of std's dlmalloc (a few KB less of this
// module); one thread only, as in every JavaScript host.
#[cfg(target_family = "wasm")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown is single-threaded here and the allocator is the only user
// of memory it grows (talc's documented use on wasm).
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
