// Type declarations of `ncpcert/signer`: signing alone (sign, verify, Signer, the errors),
// with a .wasm of its own. The same declarations as the full entry's, re-exported.
// Shipped as types/signer.d.ts (ES module) and types/signer.d.cts (CommonJS).

export {
  sign,
  verify,
  Signer,
  type SignerOptions,
  type SignatureHeaders,
  type PreparedRequest,
  type SignedRequest,
  NcpError,
  NcpValidationError,
  NcpSigningError,
  NcpCsrError,
  NcpApiError,
  init,
  default,
} from "./index.js";
