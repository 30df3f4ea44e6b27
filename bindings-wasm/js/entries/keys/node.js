// `ncpcert/keys` in Node (import): generateKey and makeCsr. The keys module's .wasm is read and
// compiled on the first call; makeCsr checks the names and the CSR made with the main entry's
// module (the domain rules live there), which this entry loads as the main entry does. An ES
// module of its own, like the full entry, so that esbuild and Bun bundle it for Node in ESM
// output too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as glue from "./ncpcert_wasm_keys_bg.js";
import * as full from "../full/ncpcert_wasm_bg.js";
import "../full/node.js";
import { instantiate } from "../lib/load.js";
import { createKeys } from "../lib/keys.js";

const WASM = "ncpcert_wasm_keys_bg.wasm";

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
  return readFileSync(join(dirname(req.resolve("ncpcert/package.json")), "keys", WASM));
}

let native;
const load = () => (native ??= instantiate(new WebAssembly.Module(wasmBytes()), glue, "./ncpcert_wasm_keys_bg.js"));

export const { generateKey, makeCsr } = createKeys(load, () => full);

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
