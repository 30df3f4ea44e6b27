// `ncpcert/keys` in Cloudflare Workers: the keys module's .wasm is imported as a module (Workers
// forbid compiling WebAssembly from bytes), which wrangler bundles as a compiled
// WebAssembly.Module; it is instantiated on the first call. makeCsr checks with the full
// entry's module.
import * as glue from "./ncpcert_wasm_keys_bg.js";
import module from "./ncpcert_wasm_keys_bg.wasm";
import * as full from "../full/ncpcert_wasm_bg.js";
import "../full/workerd.js";
import { instantiate } from "../lib/load.js";
import { createKeys } from "../lib/keys.js";

let native;
const load = () => (native ??= instantiate(module, glue, "./ncpcert_wasm_keys_bg.js"));

export const { generateKey, makeCsr } = createKeys(load, () => full);

/** Nothing to load in Workers; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
