// Type declarations of `ncpcert/order`: placeOrder, the order workflow that never orders
// twice, with a .wasm of its own, and the errors it throws. The same declarations as the main
// entry's, re-exported: `NcpOrderError` is one class whichever entry it comes from.
// Shipped as types/order.d.ts (ES module) and types/order.d.cts (CommonJS).

export {
  placeOrder,
  type PlaceOrderOptions,
  type PlacedOrder,
  type OrderPath,
  type OrderStep,
  type OrderErrorCode,
  type CallFailure,
  type FetchLike,
  type FetchResponseLike,
  type CertificateRequest,
  NcpError,
  NcpValidationError,
  NcpSigningError,
  NcpCsrError,
  NcpApiError,
  NcpOrderError,
} from "./index.js";

/**
 * Browsers and bundlers: loads the order workflow's WebAssembly module (by default the .wasm
 * beside this entry; or a URL or its text, a Response or a promise of one, its bytes or a
 * compiled WebAssembly.Module) and the main entry's (unless loaded already). Optional:
 * `placeOrder` loads both itself before its first call. A no-op in Node, Deno, Bun and
 * Workers. (Typed `unknown` so that the declarations need neither the DOM library nor Node's
 * types.)
 */
export function init(input?: unknown): Promise<void>;
export default init;
