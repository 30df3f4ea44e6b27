//! The order module's one export (`ncpcert/order`, loaded by the main entry's `placeOrder` on
//! its first call): the core's [`OrderDriver`] built from a request the full module prepared,
//! with actions out as objects and answers in.

use crate::convert::{argument, host, thrown};
use ncpcert::host::{HostError, OrderDriver};
use wasm_bindgen::prelude::*;

/// JavaScript numbers are doubles: the core decides which ones are whole milliseconds.
fn timestamp(ms: f64) -> Result<u64, JsValue> {
    ncpcert::timestamp_ms_from_f64(ms).map_err(|e| thrown(HostError::from(e)))
}

/// The order workflow of one prepared issuance request. The JavaScript layer's `placeOrder`
/// drives it over `fetch`.
#[wasm_bindgen]
pub struct WasmOrder {
    inner: OrderDriver,
    lang: ncpcert::Lang,
}

#[wasm_bindgen]
impl WasmOrder {
    /// The workflow of `prepared` (what `prepare` returned) with its options (`retries`,
    /// `backoffMs`, `transportMayReplay`); the order's error is in `lang` (`"en"` or `"ko"`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        prepared: JsValue,
        options: JsValue,
        lang: Option<String>,
    ) -> Result<WasmOrder, JsValue> {
        let lang = ncpcert::host::lang(lang.as_deref()).map_err(thrown)?;
        let prepared = argument(&prepared, "prepared request")?;
        let options = argument(&options, "order options")?;
        // Errors here are of a prepared request the full module made and of the options the
        // JavaScript layer passes: a host's mistake, in English (the order module carries the
        // error codes' texts, not the findings').
        OrderDriver::from_prepared(&prepared, &options)
            .map(|inner| WasmOrder { inner, lang })
            .map_err(thrown)
    }

    /// The next action, the order's error in the language asked for; `now_ms` (the host's
    /// clock) dates journal entries.
    pub fn next(&mut self, now_ms: f64) -> Result<JsValue, JsValue> {
        let now = timestamp(now_ms)?;
        let lang = self.lang;
        host(self.inner.next(now).map(|action| action.localized(lang)))
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
