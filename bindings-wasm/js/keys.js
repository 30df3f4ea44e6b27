// generateKey and makeCsr of `ncpcert/keys`, shared by its entries. Every rule is the core's:
// the keys module makes the key (from entropy drawn here with crypto.getRandomValues, since the
// core draws none) and builds and signs the CSR; the full module checks the names before
// (domain rules, A-labels: csr.names_invalid with every finding) and reads the CSR made back
// after, as `make_csr` does in the other languages. This file only calls them in that order.
//
// ES module source; the package build also emits a CommonJS copy (keys.cjs).

import { NcpError, call, describe } from "./errors.js";

/** The entropy a key is made from: the core's minimum, 256 bits. */
const ENTROPY_BYTES = 32;

/**
 * `generateKey` and `makeCsr` over `getKeys()` (the keys module's wasm-bindgen glue, loaded on
 * first use) and `getFull()` (the full module's glue, loaded by the main entry).
 */
export function createKeys(getKeys, getFull) {
  function generateKey(algorithm) {
    if (algorithm !== undefined && algorithm !== null && typeof algorithm !== "string") {
      throw new NcpError(`algorithm must be a string (rsa2048, rsa3072, rsa4096, p256 or p384), not ${describe(algorithm)}`, "argument.invalid");
    }
    const random = globalThis.crypto;
    if (!random || typeof random.getRandomValues !== "function") {
      throw new NcpError("this JavaScript host has no crypto.getRandomValues, from which a key's entropy is drawn", "internal.engine");
    }
    const entropy = random.getRandomValues(new Uint8Array(ENTROPY_BYTES));
    try {
      return call(getKeys().generateKey, algorithm ?? undefined, entropy);
    } finally {
      entropy.fill(0);
    }
  }

  function makeCsr(keyPem, names) {
    if (typeof keyPem !== "string") {
      throw new NcpError(`keyPem must be the private key's PEM text (a string), not ${describe(keyPem)}`, "argument.invalid");
    }
    const full = getFull();
    const aLabels = call(full.checkCsrNames, names);
    const csr = call(getKeys().buildCsr, keyPem, aLabels);
    call(full.checkMadeCsr, csr);
    return csr;
  }

  return { generateKey, makeCsr };
}
