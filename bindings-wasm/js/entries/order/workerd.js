// `ncpcert/order` in Cloudflare Workers: the order workflow's .wasm is imported as a module
// (Workers forbid compiling WebAssembly from bytes), which wrangler bundles as a compiled
// WebAssembly.Module; it is instantiated on the first placeOrder that gets past validation.
import * as glue from "./ncpcert_wasm_order_bg.js";
import module from "./ncpcert_wasm_order_bg.wasm";
import { instantiate } from "../lib/load.js";
import { createPlaceOrder } from "../lib/order.js";
import { prepare } from "../full/workerd.js";

let native;
const load = () => (native ??= instantiate(module, glue, "./ncpcert_wasm_order_bg.js"));

export const placeOrder = createPlaceOrder(prepare, load);

/** Nothing to load in Workers; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError, NcpOrderError } from "../lib/errors.js";
