// Deno entry point: the .wasm is imported as a WebAssembly module (Deno 2 instantiates it with
// the glue as its import). Loading a module needs no permission, where reading or fetching
// the file would need --allow-read; no init step.
import * as glue from "./@GLUE@.js";
import * as wasm from "./@GLUE@.wasm";
import { @CREATE@ } from "../lib/@API@.js";

glue.__wbg_set_wasm(wasm);
if (wasm.__wbindgen_start) wasm.__wbindgen_start();
const api = @CREATE@(() => glue);

// @order-begin
/**
 * The order workflow of `ncpcert/order`, whose module this entry imports on the
 * first call only (a dynamic import Deno resolves ahead, so no permission flag is needed).
 */
export async function placeOrder(request, options) {
  const order = await import("../order/deno.js");
  return order.placeOrder(request, options);
}
// @order-end

/** Nothing to load in Deno; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export const { @NAMES@ } = api;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
