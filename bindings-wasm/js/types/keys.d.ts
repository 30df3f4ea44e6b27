// Type declarations of `ncpcert/keys`: private keys and CSRs, with a .wasm of its own (the
// names and the CSR made are checked with the main entry's). The error classes are the main
// entry's, re-exported: `NcpValidationError` is one class whichever entry it comes from.
// Shipped as types/keys.d.ts (ES module) and types/keys.d.cts (CommonJS).

import type { KeyAlgorithm } from "./models.js";

export type { KeyAlgorithm } from "./models.js";
export { NcpError, NcpValidationError, NcpSigningError, NcpCsrError, NcpApiError } from "./index.js";

/**
 * A new private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), made from 32 bytes of
 * `crypto.getRandomValues`. `rsa2048` (the default) is what NCP's load balancers take
 * everywhere. Throws `NcpError` with `key.algorithm` for an unknown algorithm. Keep the key
 * private: it is never in an error, a log or a message of ncpcert.
 */
export function generateKey(algorithm?: KeyAlgorithm | null): string;

/**
 * A CSR (PEM, `-----BEGIN CERTIFICATE REQUEST-----`) for `names`, signed with the private key
 * `keyPem` (PKCS#8, PKCS#1 or SEC1 PEM: RSA 2048 to 4096 bits, P-256 or P-384). The first name
 * is the common name; every name is in the subjectAltName, Unicode names as A-labels. Names
 * the domain rules refuse throw `NcpValidationError` (`csr.names_invalid`) with every finding;
 * a key that cannot be used throws `NcpError` (`key.invalid`).
 */
export function makeCsr(keyPem: string, names: readonly string[]): string;

/**
 * Browsers and bundlers: loads this entry's WebAssembly module (by default the .wasm beside
 * this entry; or a URL or its text, a Response or a promise of one, its bytes or a compiled
 * WebAssembly.Module) and the main entry's (unless loaded already); call it once before the
 * functions. A no-op in Node, Deno, Bun and Workers. (Typed `unknown` so that the
 * declarations need neither the DOM library nor Node's types.)
 */
export function init(input?: unknown): Promise<void>;
export default init;
