// generateKey and makeCsr of `ncpcert/keys`, shared by its entries. Every rule is the core's;
// the host's WebCrypto (`crypto.subtle`, in every JavaScript host) does the key arithmetic:
// it makes the key pair and signs. The keys module gives the algorithms' WebCrypto
// dictionaries, reads a key's PEM (PKCS#8, PKCS#1 or SEC1) as PKCS#8, writes a made key as
// PEM, and builds the CSR's request info and the CSR around the signature; the full module
// checks the names before (domain rules, A-labels: csr.names_invalid with every finding) and
// reads the CSR made back after, as `make_csr` does in the other languages. This file only
// calls them in that order.
//
// ES module source; the package build also emits a CommonJS copy (keys.cjs).

import { NcpError, call, describe } from "./errors.js";

/** The host's WebCrypto, or an NcpError saying it has none. */
function webCrypto() {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof subtle.generateKey !== "function") {
    throw new NcpError("this JavaScript host has no crypto.subtle (WebCrypto), with which keys are made and CSRs signed; browsers offer it only in secure contexts (https:// or localhost)", "internal.engine");
  }
  return subtle;
}

/**
 * `generateKey` and `makeCsr` over `getKeys()` (the keys module's wasm-bindgen glue, loaded on
 * first use) and `getFull()` (the full module's glue, loaded by the main entry).
 */
export function createKeys(getKeys, getFull) {
  async function generateKey(algorithm) {
    if (algorithm !== undefined && algorithm !== null && typeof algorithm !== "string") {
      throw new NcpError(`algorithm must be a string (rsa2048, rsa3072, rsa4096, p256 or p384), not ${describe(algorithm)}`, "argument.invalid");
    }
    const keys = getKeys();
    const params = call(keys.keyParams, algorithm ?? undefined);
    const subtle = webCrypto();
    const pair = await subtle.generateKey(params.generate, true, ["sign", "verify"]);
    const pkcs8 = new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
    try {
      return call(keys.privateKeyPem, pkcs8);
    } finally {
      pkcs8.fill(0);
    }
  }

  async function makeCsr(keyPem, names) {
    if (typeof keyPem !== "string") {
      throw new NcpError(`keyPem must be the private key's PEM text (a string), not ${describe(keyPem)}`, "argument.invalid");
    }
    const full = getFull();
    const aLabels = call(full.checkCsrNames, names);
    const keys = getKeys();
    const subtle = webCrypto();
    const key = call(keys.readPrivateKey, keyPem);
    let privateKey;
    let spki;
    try {
      privateKey = await subtle.importKey("pkcs8", key.pkcs8, key.import, true, ["sign"]);
      // The public key from the private one: its JWK reduced to the public members, exported
      // as SubjectPublicKeyInfo. This works for every key, an EC key whose PEM omits its
      // public point included.
      const jwk = await subtle.exportKey("jwk", privateKey);
      const publicJwk = {};
      for (const member of key.publicJwk) publicJwk[member] = jwk[member];
      const publicKey = await subtle.importKey("jwk", publicJwk, key.import, true, ["verify"]);
      spki = new Uint8Array(await subtle.exportKey("spki", publicKey));
    } catch {
      // WebCrypto refuses a key whose parts do not agree (the core reads only its structure).
      call(keys.keyRefused);
    } finally {
      key.pkcs8.fill(0);
    }
    const info = call(keys.requestInfo, spki, aLabels, key.algorithm);
    const signature = new Uint8Array(await subtle.sign(key.sign, privateKey, info));
    const csr = call(keys.assembleCsr, info, key.algorithm, signature);
    call(full.checkMadeCsr, csr);
    return csr;
  }

  return { generateKey, makeCsr };
}
