// `ncpcert/order` in Node (import): placeOrder over the full entry's `prepare` and the order
// workflow's own module, which is read and compiled on the first placeOrder that gets past
// validation. An ES module of its own, like the full entry, so that esbuild and Bun bundle it
// for Node in ESM output too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as glue from "./ncpcert_wasm_order_bg.js";
import { instantiate } from "../lib/load.js";
import { createPlaceOrder } from "../lib/order.js";
import { prepare } from "../full/node.js";

const WASM = "ncpcert_wasm_order_bg.wasm";

function wasmBytes() {
  if (import.meta.url) {
    try {
      return readFileSync(new URL(WASM, import.meta.url));
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  // Bundled for Node: the installed package still has the .wasm (see the full entry).
  const req = import.meta.url ? createRequire(import.meta.url) : require;
  return readFileSync(join(dirname(req.resolve("ncpcert/package.json")), "order", WASM));
}

let native;
const load = () => (native ??= instantiate(new WebAssembly.Module(wasmBytes()), glue, "./ncpcert_wasm_order_bg.js"));

export const placeOrder = createPlaceOrder(prepare, load);

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError, NcpOrderError } from "../lib/errors.js";
