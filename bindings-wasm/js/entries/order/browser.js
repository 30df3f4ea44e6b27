// `ncpcert/order` in browsers and bundlers: placeOrder over the full entry's `prepare` and the
// order workflow's own module. `await init()` is optional here: placeOrder loads both modules
// (each from beside its entry, unless `init` was given another place) before its first call.
import * as glue from "./ncpcert_wasm_order_bg.js";
import { instantiateAsync, scriptUrl } from "../lib/load.js";
import { createPlaceOrder } from "../lib/order.js";
import initFull, { prepare } from "../full/browser.js";

function defaultWasm() {
  try {
    // The form vite, webpack 5 and Parcel recognise: they copy the .wasm and rewrite the URL.
    return new URL("./ncpcert_wasm_order_bg.wasm", import.meta.url);
  } catch {
    // A classic script (esbuild's iife output), where `import.meta` is empty: beside the script.
    return new URL("ncpcert_wasm_order_bg.wasm", scriptUrl || globalThis.location?.href);
  }
}

let loaded = null;

/**
 * Loads the order workflow's WebAssembly module (by default the .wasm beside this file; or a
 * URL or its text, a Response or a promise of one, its bytes or a compiled WebAssembly.Module)
 * and the full one (`init` of `ncpcert`: from beside its entry unless it was loaded already).
 * Safe to call more than once.
 */
export default function init(input) {
  loaded ??= (async () => {
    let source = input ?? defaultWasm();
    if (typeof source === "string" || source instanceof URL) source = fetch(source);
    await Promise.all([initFull(), instantiateAsync(source, glue, "./ncpcert_wasm_order_bg.js")]);
  })().catch((e) => {
    loaded = null;
    throw e;
  });
  return loaded;
}

export const placeOrder = createPlaceOrder(
  async (request, options) => {
    // The full module prepares; loaded here when the page has not loaded it yet.
    await initFull();
    return prepare(request, options);
  },
  async () => {
    await init();
    return glue;
  },
);

export { init };
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError, NcpOrderError } from "../lib/errors.js";
