"use strict";
// `ncpcert/order` in Node (require): placeOrder over the full entry's `prepare` and the order
// workflow's own module, which is read and compiled on the first placeOrder that gets past
// validation.
const { readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const glue = require("./ncpcert_wasm_order_bg.cjs");
const { instantiate } = require("../lib/load.cjs");
const { createPlaceOrder } = require("../lib/order.cjs");
const { prepare } = require("../full/node.cjs");
const errors = require("../lib/errors.cjs");

const WASM = "ncpcert_wasm_order_bg.wasm";

function wasmBytes() {
  try {
    return readFileSync(join(__dirname, WASM));
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    // Bundled for Node: the installed package still has the .wasm (see the full entry).
    return readFileSync(join(dirname(require.resolve("ncpcert/package.json")), "order", WASM));
  }
}

let native;
const load = () => (native ??= instantiate(new WebAssembly.Module(wasmBytes()), glue, "./ncpcert_wasm_order_bg.js"));

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
async function init() {}

// Written out name by name, as in the full entry (Node's ESM named imports, `__esModule`).
Object.defineProperty(exports, "__esModule", { value: true });
exports.placeOrder = createPlaceOrder(prepare, load);
exports.NcpError = errors.NcpError;
exports.NcpValidationError = errors.NcpValidationError;
exports.NcpSigningError = errors.NcpSigningError;
exports.NcpCsrError = errors.NcpCsrError;
exports.NcpApiError = errors.NcpApiError;
exports.NcpOrderError = errors.NcpOrderError;
exports.init = init;
exports.default = init;
