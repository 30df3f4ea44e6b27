// How every entry point turns a compiled WebAssembly module into the wasm-bindgen module the
// API calls: instantiate it with the wasm-bindgen glue as its one import module, hand the
// instance to the glue, and run its start function.
//
// ES module source; the package build also emits a CommonJS copy (load.cjs).

/**
 * In a classic script (esbuild's iife output) a module has no URL of its own: browser entries
 * then look for their .wasm beside the script that holds this code, as recorded here while the
 * script first runs. Recorded once, here, because a module loaded later (the order workflow's,
 * on the first placeOrder) runs when `document.currentScript` no longer names the script.
 */
export const scriptUrl = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : undefined;

/**
 * `glue` is the `*_bg.js` module of a wasm-bindgen `bundler` build, `importName` the module
 * name its .wasm imports it by (`./ncpcert_wasm_bg.js`).
 */
export function instantiate(module, glue, importName) {
  return start(new WebAssembly.Instance(module, { [importName]: glue }), glue);
}

/** The same, asynchronously: browsers refuse to compile a large module synchronously. */
export async function instantiateAsync(source, glue, importName) {
  const imports = { [importName]: glue };
  if (source instanceof WebAssembly.Module) {
    return start(await WebAssembly.instantiate(source, imports), glue);
  }
  const response = await source;
  if (typeof Response === "function" && response instanceof Response) {
    if (!response.ok) {
      throw new Error(`ncpcert: loading ${response.url || "the .wasm"} failed with HTTP ${response.status}`);
    }
    // Streaming needs the server to send application/wasm; anything else is compiled from
    // the bytes.
    if ((response.headers.get("content-type") || "").startsWith("application/wasm")) {
      return start((await WebAssembly.instantiateStreaming(response, imports)).instance, glue);
    }
    return start((await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance, glue);
  }
  return start((await WebAssembly.instantiate(response, imports)).instance, glue);
}

function start(instance, glue) {
  glue.__wbg_set_wasm(instance.exports);
  if (instance.exports.__wbindgen_start) instance.exports.__wbindgen_start();
  return glue;
}
