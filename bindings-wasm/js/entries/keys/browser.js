// `ncpcert/keys` in browsers and bundlers: `await init()` once (it loads the keys module and the
// main entry's, which makeCsr checks the names and the CSR made with), then generateKey and
// makeCsr as in Node.
import * as glue from "./ncpcert_wasm_keys_bg.js";
import * as full from "../full/ncpcert_wasm_bg.js";
import initFull from "../full/browser.js";
import { instantiateAsync, scriptUrl } from "../lib/load.js";
import { createKeys } from "../lib/keys.js";
import { NcpError } from "../lib/errors.js";

function defaultWasm() {
  try {
    // The form vite, webpack 5 and Parcel recognise: they copy the .wasm and rewrite the URL.
    return new URL("./ncpcert_wasm_keys_bg.wasm", import.meta.url);
  } catch {
    // A classic script (esbuild's iife output), where `import.meta` is empty: beside the script.
    return new URL("ncpcert_wasm_keys_bg.wasm", scriptUrl || globalThis.location?.href);
  }
}

let loaded = null;
let ready = false;

/**
 * Loads the keys module's WebAssembly (by default the .wasm beside this file; or a URL or its
 * text, a Response or a promise of one, its bytes or a compiled WebAssembly.Module) and the
 * main entry's (`init` of `ncpcert`: from beside its entry unless it was loaded already).
 * Safe to call more than once.
 */
export default function init(input) {
  loaded ??= (async () => {
    let source = input ?? defaultWasm();
    if (typeof source === "string" || source instanceof URL) source = fetch(source);
    await Promise.all([initFull(), instantiateAsync(source, glue, "./ncpcert_wasm_keys_bg.js")]);
    ready = true;
  })().catch((e) => {
    loaded = null;
    throw e;
  });
  return loaded;
}

function loadedOr(module) {
  return () => {
    if (!ready) {
      throw new NcpError("ncpcert/keys is not loaded yet: call `await init()` once before using it", "internal.misuse");
    }
    return module;
  };
}

export const { generateKey, makeCsr } = createKeys(loadedOr(glue), loadedOr(full));

export { init };
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
