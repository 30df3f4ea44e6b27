// Node entry point (import): the WebAssembly module loads synchronously, no init step. An ES
// module of its own (not a wrapper of the require entry), so that esbuild and Bun can bundle
// it for Node in ESM output too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as glue from "./@GLUE@.js";
import { instantiate } from "../lib/load.js";
import { readKeySources } from "../lib/node-keys.js";
import { @CREATE@ } from "../lib/@API@.js";

const WASM = "@GLUE@.wasm";

function wasmBytes() {
  // Unbundled, or bundled to ESM next to the .wasm: the file beside this module.
  if (import.meta.url) {
    try {
      return readFileSync(new URL(WASM, import.meta.url));
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  // Bundled for Node (esbuild --platform=node, bun build --target=node), where this code lives
  // in the bundle, away from the .wasm: the installed package still has it. In a CommonJS
  // bundle `import.meta` is empty and `require` is the bundle's own.
  const req = import.meta.url ? createRequire(import.meta.url) : require;
  return readFileSync(join(dirname(req.resolve("ncpcert/package.json")), "@DIR@", WASM));
}

const native = instantiate(new WebAssembly.Module(wasmBytes()), glue, "./@GLUE@.js");
// Signer.fromEnv reads the environment and ~/.ncloud/configure (the full entry only).
const keySources = (names, file) => readKeySources(names, file, { readFileSync, homedir, join, env: process.env });
const api = @CREATE@(() => native, keySources);

// @order-begin
/**
 * The order workflow of `ncpcert/order`, whose module this entry imports on the
 * first call only: the order .wasm is read and compiled then, not when this entry loads.
 */
export async function placeOrder(request, options) {
  const order = await import("../order/node.js");
  return order.placeOrder(request, options);
}
// @order-end

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export const { @NAMES@ } = api;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
