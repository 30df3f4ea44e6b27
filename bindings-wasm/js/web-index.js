// Browser and bundler entry point: `await init()` once, then the same functions as in Node.
import initWasm, * as native from "./ncpcert_wasm.js";
import { createApi, NcpError } from "../lib/api.js";

let loaded = null;

/**
 * Loads the WebAssembly module (by default `ncpcert_wasm_bg.wasm` next to this file; pass a
 * URL, Response or bytes to load it from elsewhere). Safe to call more than once.
 */
export default function init(input) {
  loaded ??= initWasm(input === undefined ? undefined : { module_or_path: input }).then(() => {
    ready = true;
  });
  return loaded;
}

let ready = false;

const api = createApi(() => {
  if (!ready) {
    throw new NcpError("ncpcert is not loaded yet: call `await init()` once before using it", "init.required");
  }
  return native;
});

export { init };
export const {
  sign,
  verify,
  validate,
  prepare,
  inspectCsr,
  parseResponse,
  listAdvancedCertificates,
  parseCertificateList,
  transportOutcome,
  Signer,
  NcpValidationError,
  NcpSigningError,
  NcpCsrError,
  NcpApiError,
} = api;
export { NcpError };
