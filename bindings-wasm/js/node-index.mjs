// Node entry point (import): the same instance as the require entry, so classes and
// `instanceof` agree whichever way the package was loaded.
import { createRequire } from "node:module";

const api = createRequire(import.meta.url)("./index.cjs");

export const {
  sign,
  verify,
  validate,
  prepare,
  inspectCsr,
  parseResponse,
  listAdvancedCertificates,
  parseCertificateList,
  transportOutcome,
  Signer,
  NcpError,
  NcpValidationError,
  NcpSigningError,
  NcpCsrError,
  NcpApiError,
  init,
} = api;
export default init;
