// Cloudflare Workers entry point (export condition `workerd`). Workers forbid compiling
// WebAssembly from bytes at run time: the .wasm is imported as a module, which wrangler
// bundles as a compiled WebAssembly.Module, and only instantiated here. No init step.
import * as glue from "./@GLUE@.js";
import module from "./@GLUE@.wasm";
import { instantiate } from "../lib/load.js";
import { @CREATE@ } from "../lib/@API@.js";

const native = instantiate(module, glue, "./@GLUE@.js");
const api = @CREATE@(() => native);

// @order-begin
/**
 * The order workflow of `ncpcert/order`, imported on the first call. wrangler
 * bundles the order .wasm with the Worker all the same (a Worker's modules are known when it
 * is uploaded); it is instantiated on the first call only.
 */
export async function placeOrder(request, options) {
  const order = await import("../order/workerd.js");
  return order.placeOrder(request, options);
}
// @order-end

/** Nothing to load in Workers; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export const { @NAMES@ } = api;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
