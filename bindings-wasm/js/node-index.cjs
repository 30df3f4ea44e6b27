"use strict";
// Node entry point (require). The WebAssembly module loads synchronously: no init step.
const native = require("./ncpcert_wasm.js");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/**
 * What `Signer.fromEnv` hands the core: the two environment variables and the credentials
 * file's text (or why it could not be read). Which comes first is the core's rule.
 */
function readKeySources(names, configureFile) {
  let file = configureFile;
  if (file === undefined) {
    const home = os.homedir();
    file = home ? path.join(home, names.configureFile) : null;
  }
  let text = null;
  let reason = null;
  if (file !== null) {
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      reason = e && e.code === "ENOENT" ? "No such file or directory" : String((e && e.code) || e);
    }
  }
  return {
    accessKey: process.env[names.accessKeyEnv] ?? null,
    secretKey: process.env[names.secretKeyEnv] ?? null,
    configurePath: file,
    configureText: text,
    configureError: reason,
  };
}

const api = require("../lib/api.cjs").createApi(() => native, readKeySources);

/** Nothing to load in Node; kept so that code shared with browsers can `await init()`. */
async function init() {}

module.exports = { ...api, init, default: init };
