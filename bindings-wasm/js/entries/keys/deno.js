// `ncpcert/keys` in Deno: the keys module's .wasm is imported as a WebAssembly module, as the
// full entry's is (no permission needed); makeCsr checks with the full entry's module.
import * as glue from "./ncpcert_wasm_keys_bg.js";
import * as wasm from "./ncpcert_wasm_keys_bg.wasm";
import * as full from "../full/ncpcert_wasm_bg.js";
import "../full/deno.js";
import { createKeys } from "../lib/keys.js";

glue.__wbg_set_wasm(wasm);
if (wasm.__wbindgen_start) wasm.__wbindgen_start();

export const { generateKey, makeCsr } = createKeys(() => glue, () => full);

/** Nothing to load in Deno; kept so that code shared with browsers can `await init()`. */
export async function init() {}
export default init;
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "../lib/errors.js";
