// `ncpcert/order` in Deno: the order workflow's .wasm is imported as a WebAssembly module, as
// the full entry's is (no permission needed); placeOrder prepares with the full entry.
import * as glue from "./ncpcert_wasm_order_bg.js";
import * as wasm from "./ncpcert_wasm_order_bg.wasm";
import { createPlaceOrder } from "../lib/order.js";
import { prepare } from "../full/deno.js";

glue.__wbg_set_wasm(wasm);
if (wasm.__wbindgen_start) wasm.__wbindgen_start();

export const placeOrder = createPlaceOrder(prepare, () => glue);

/** Nothing to load in Deno; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError, NcpOrderError } from "../lib/errors.js";
