// Browser and bundler entry point: `await init()` once, then the same functions as in Node.
import * as glue from "./@GLUE@.js";
import { instantiateAsync, scriptUrl } from "../lib/load.js";
import { @CREATE@ } from "../lib/@API@.js";
import { NcpError } from "../lib/errors.js";

function defaultWasm() {
  try {
    // The form vite, webpack 5 and Parcel recognise: they copy the .wasm and rewrite the URL.
    return new URL("./@GLUE@.wasm", import.meta.url);
  } catch {
    // A classic script (esbuild's iife output), where `import.meta` is empty: beside the script.
    return new URL("@GLUE@.wasm", scriptUrl || globalThis.location?.href);
  }
}

let loaded = null;
let ready = false;

/**
 * Loads the WebAssembly module: by default the .wasm beside this file; pass a URL (or its
 * text), a Response (or a promise of one), its bytes or a compiled WebAssembly.Module to load
 * it from elsewhere. Safe to call more than once.
 */
export default function init(input) {
  loaded ??= (async () => {
    let source = input ?? defaultWasm();
    if (typeof source === "string" || source instanceof URL) source = fetch(source);
    await instantiateAsync(source, glue, "./@GLUE@.js");
    ready = true;
  })().catch((e) => {
    loaded = null;
    throw e;
  });
  return loaded;
}

const api = @CREATE@(() => {
  if (!ready) {
    throw new NcpError("ncpcert is not loaded yet: call `await init()` once before using it", "internal.misuse");
  }
  return glue;
});

// @order-begin
/**
 * The order workflow of `ncpcert/order`, imported on the first call only: its
 * module and .wasm are downloaded then (bundlers make it a chunk of its own), never with
 * this entry.
 */
export async function placeOrder(request, options) {
  const order = await import("../order/browser.js");
  return order.placeOrder(request, options);
}
// @order-end

export { init };
export const { @NAMES@ } = api;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
