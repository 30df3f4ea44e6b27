// Type declarations of `ncpcert/keys`: private keys and CSRs, with a .wasm of its own (the
// names and the CSR made are checked with the main entry's). The error classes are the main
// entry's, re-exported: `NcpValidationError` is one class whichever entry it comes from.
// Shipped as types/keys.d.ts (ES module) and types/keys.d.cts (CommonJS).

import type { KeyAlgorithm } from "./models.js";

export type { KeyAlgorithm } from "./models.js";
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "./index.js";

/**
 * A new private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), made by the host's WebCrypto
 * (`crypto.subtle.generateKey`). `rsa2048` (the default) is what NCP's load balancers take
 * everywhere. Rejects with `NcpError` `key.algorithm` for an unknown algorithm, and
 * `internal.engine` in a host without `crypto.subtle` (browsers offer it only in secure
 * contexts). Keep the key private: it is never in an error, a log or a message of ncpcert.
 */
export function generateKey(algorithm?: KeyAlgorithm | null): Promise<string>;

/**
 * A CSR (PEM, `-----BEGIN CERTIFICATE REQUEST-----`) for `names`, signed with the private key
 * `keyPem` (PKCS#8, PKCS#1 or SEC1 PEM: RSA 2048 to 4096 bits, P-256 or P-384) by the host's
 * WebCrypto. The first name is the common name; every name is in the subjectAltName, Unicode
 * names as A-labels. Names the domain rules refuse reject with `NcpValidationError`
 * (`csr.names_invalid`) with every finding; a key that cannot be used rejects with `NcpError`
 * (`key.invalid`).
 */
export function makeCsr(keyPem: string, names: readonly string[]): Promise<string>;

/**
 * Browsers and bundlers: loads this entry's WebAssembly module (by default the .wasm beside
 * this entry; or a URL or its text, a Response or a promise of one, its bytes or a compiled
 * WebAssembly.Module) and the main entry's (unless loaded already); call it once before the
 * functions. A no-op in Node, Deno, Bun and Workers. (Typed `unknown` so that the
 * declarations need neither the DOM library nor Node's types.)
 */
export function init(input?: unknown): Promise<void>;
export default init;
