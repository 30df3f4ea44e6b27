"use strict";
// Node entry point (require): the WebAssembly module loads synchronously, no init step.
const { readFileSync } = require("node:fs");
const { homedir } = require("node:os");
const { dirname, join } = require("node:path");
const glue = require("./@GLUE@.cjs");
const { instantiate } = require("../lib/load.cjs");
const { readKeySources } = require("../lib/node-keys.cjs");
const { @CREATE@ } = require("../lib/@API@.cjs");
const errors = require("../lib/errors.cjs");

const WASM = "@GLUE@.wasm";

function wasmBytes() {
  try {
    return readFileSync(join(__dirname, WASM));
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    // Bundled for Node (esbuild --platform=node, bun build --target=node): this code lives in
    // the bundle now, away from the .wasm, which the installed package still has.
    return readFileSync(join(dirname(require.resolve("ncpcert/package.json")), "@DIR@", WASM));
  }
}

const native = instantiate(new WebAssembly.Module(wasmBytes()), glue, "./@GLUE@.js");
// Signer.fromEnv reads the environment and ~/.ncloud/configure (the full entry only).
const keySources = (names, file) => readKeySources(names, file, { readFileSync, homedir, join, env: process.env });
const api = @CREATE@(() => native, keySources);

// @order-begin
/**
 * The order workflow of `ncpcert/order`, required on the first call only: the
 * order .wasm is read and compiled then, not when this entry loads.
 */
async function placeOrder(request, options) {
  return require("../order/node.cjs").placeOrder(request, options);
}
// @order-end

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
async function init() {}

// Written out name by name (not `module.exports = {...}`), so that Node's ESM named imports
// and TypeScript's CommonJS default import (`__esModule`) both see them.
Object.defineProperty(exports, "__esModule", { value: true });
@CJS_EXPORTS@
exports.NcpError = errors.NcpError;
exports.NcpValidationError = errors.NcpValidationError;
exports.NcpSigningError = errors.NcpSigningError;
exports.NcpCsrError = errors.NcpCsrError;
exports.NcpApiError = errors.NcpApiError;
// @order-begin
exports.placeOrder = placeOrder;
// @order-end
exports.init = init;
exports.default = init;
