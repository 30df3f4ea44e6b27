"use strict";
// `ncpcert/keys` in Node (require): generateKey and makeCsr. The keys module's .wasm is read and
// compiled on the first call; makeCsr checks the names and the CSR made with the main entry's
// module (the domain rules live there), which this entry loads as the main entry does.
const { readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const glue = require("./ncpcert_wasm_keys_bg.cjs");
require("../full/node.cjs");
const full = require("../full/ncpcert_wasm_bg.cjs");
const { instantiate } = require("../lib/load.cjs");
const { createKeys } = require("../lib/keys.cjs");
const errors = require("../lib/errors.cjs");

const WASM = "ncpcert_wasm_keys_bg.wasm";

function wasmBytes() {
  try {
    return readFileSync(join(__dirname, WASM));
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    // Bundled for Node: the installed package still has the .wasm (see the full entry).
    return readFileSync(join(dirname(require.resolve("ncpcert/package.json")), "keys", WASM));
  }
}

let native;
const load = () => (native ??= instantiate(new WebAssembly.Module(wasmBytes()), glue, "./ncpcert_wasm_keys_bg.js"));
const keys = createKeys(load, () => full);

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
async function init() {}

// Written out name by name, as in the full entry (Node's ESM named imports, `__esModule`).
Object.defineProperty(exports, "__esModule", { value: true });
exports.generateKey = keys.generateKey;
exports.makeCsr = keys.makeCsr;
exports.NcpError = errors.NcpError;
exports.NcpValidationError = errors.NcpValidationError;
exports.NcpSigningError = errors.NcpSigningError;
exports.NcpCsrError = errors.NcpCsrError;
exports.NcpApiError = errors.NcpApiError;
exports.init = init;
exports.default = init;
