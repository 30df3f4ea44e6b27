"use strict";
// Node entry point (require). The WebAssembly module loads synchronously: no init step.
const native = require("./ncpcert_wasm.js");
const api = require("../lib/api.cjs").createApi(() => native);

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
async function init() {}

module.exports = { ...api, init, default: init };
