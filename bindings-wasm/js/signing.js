// Signing: `sign`, `verify` and `Signer`, over either wasm module — the full one of
// `ncpcert` or the signing-only one of `ncpcert/signer`, builds of one crate with the same
// signing exports. Conversion only: every rule, code and message comes from the Rust core.
//
// ES module source; the package build also emits a CommonJS copy (signing.cjs).

import {
  NcpError,
  NcpSigningError,
  call,
  convertError,
  describe,
  options,
  requireNumber,
  requireString,
} from "./errors.js";

const REDACTED = "** redacted **";
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const S = NcpSigningError;

/**
 * `sign`, `verify` and `Signer` over the wasm-bindgen module that `native()` returns (in
 * browsers it throws until `init()` has loaded the module).
 */
export function createSigning(native) {
  let headerNames;
  // The three names come as one string of three lines (a smaller .wasm than an array).
  const signatureHeaderNames = () => (headerNames ??= native().signatureHeaderNames().split("\n"));

  function sign(method, pathAndQuery, timestampMs, accessKey, secretKey) {
    const args = [
      requireString(method, "method", S, "signing.method"),
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path"),
      requireNumber(timestampMs, "timestampMs", S, "signing.timestamp"),
      requireString(accessKey, "accessKey", S, "signing.access_key"),
      requireString(secretKey, "secretKey", S, "signing.secret_key"),
    ];
    return call(native().sign, ...args);
  }

  function verify(method, pathAndQuery, timestampMs, accessKey, secretKey, signature) {
    const args = [
      requireString(method, "method", S, "signing.method"),
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path"),
      requireNumber(timestampMs, "timestampMs", S, "signing.timestamp"),
      requireString(accessKey, "accessKey", S, "signing.access_key"),
      requireString(secretKey, "secretKey", S, "signing.secret_key"),
      requireString(signature, "signature", NcpError, "argument.invalid"),
    ];
    return call(native().verify, ...args);
  }

  class Signer {
    // The native signer lives in a private field, so that nothing the object exposes can
    // reach the keyed state.
    #n;
    // The method and path the native signer remembers from its last `signTarget`.
    #method;
    #path;
    #names;

    constructor(opts) {
      const { accessKey, secretKey, now = Date.now, clockOffsetMs = 0 } = options(
        opts,
        "Signer options",
      );
      requireString(accessKey, "accessKey", S, "signing.access_key");
      requireString(secretKey, "secretKey", S, "signing.secret_key");
      if (typeof now !== "function") {
        throw new NcpSigningError(`now must be a function returning milliseconds, not ${describe(now)}`, "signing.timestamp");
      }
      requireNumber(clockOffsetMs, "clockOffsetMs", S, "signing.timestamp");
      this.#n = call(() => new (native().WasmSigner)(accessKey, secretKey));
      this.#names = signatureHeaderNames();
      Object.defineProperty(this, "accessKey", { value: accessKey, enumerable: true });
      const clock = () => requireNumber(now(), "now()", NcpSigningError, "signing.timestamp") + clockOffsetMs;
      Object.defineProperty(this, "_clock", { value: clock });
    }

    #native() {
      const n = this.#n;
      if (!n) throw new NcpError("this Signer was freed; create a new one", "internal.misuse");
      return n;
    }

    #timestamp(timestampMs) {
      return timestampMs === undefined
        ? this._clock()
        : requireNumber(timestampMs, "timestampMs", NcpSigningError, "signing.timestamp");
    }

    /**
     * The timestamp's digits followed by the 44-character signature, in one call into the
     * core; the request-target stays on the wasm side between calls.
     */
    #signed(method, pathAndQuery, timestampMs) {
      requireString(method, "method", S, "signing.method");
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path");
      const ts = this.#timestamp(timestampMs);
      const n = this.#native();
      let signed;
      try {
        // `signAgain` spares passing the same request-target again.
        if (method === this.#method && pathAndQuery === this.#path) {
          signed = n.signAgain(ts);
        } else {
          signed = n.signTarget(method, pathAndQuery, ts);
          if (typeof signed === "string") {
            this.#method = method;
            this.#path = pathAndQuery;
          }
        }
      } catch (thrown) {
        throw convertError(thrown);
      }
      // The core's refusal comes back as its error object rather than thrown.
      if (typeof signed !== "string") throw convertError(signed);
      return signed;
    }

    headers(method, pathAndQuery, timestampMs) {
      const signed = this.#signed(method, pathAndQuery, timestampMs);
      // Keyed stores rather than a literal with computed keys: V8 keeps them on its fast path.
      const names = this.#names;
      const headers = {};
      headers[names[0]] = signed.slice(0, -44);
      headers[names[1]] = this.accessKey;
      headers[names[2]] = signed.slice(-44);
      return headers;
    }

    #sign(method, pathAndQuery, timestampMs) {
      const signed = this.#signed(method, pathAndQuery, timestampMs);
      const ts = signed.slice(0, -44);
      const names = this.#names;
      return {
        // The core accepted the method, so it is an HTTP token (ASCII): signed upper-cased,
        // and sent the same way.
        method: method.toUpperCase(),
        timestampMs: Number(ts),
        headers: { [names[0]]: ts, [names[1]]: this.accessKey, [names[2]]: signed.slice(-44) },
      };
    }

    signRequest(prepared, timestampMs) {
      if (prepared === null || typeof prepared !== "object") {
        throw new NcpError(`prepared must be the object prepare() returned, not ${describe(prepared)}`, "argument.invalid");
      }
      const { method, headers, timestampMs: ts } = this.#sign(prepared.method, prepared.path, timestampMs);
      return {
        method,
        url: prepared.url,
        path: prepared.path,
        headers: { ...(prepared.headers || {}), ...headers },
        body: prepared.body,
        timestampMs: ts,
      };
    }

    wrapFetch(fetchFn) {
      if (typeof fetchFn !== "function") {
        throw new NcpError(`wrapFetch needs a fetch function, not ${describe(fetchFn)}`, "argument.invalid");
      }
      const signer = this;
      return async function signedFetch(input, init) {
        // Only the method and URL are read: a Request's body is never touched.
        const isRequest = typeof input === "object" && input !== null && typeof input.url === "string" && !(input instanceof URL);
        const url = new URL(isRequest ? input.url : String(input));
        const method = (init && init.method) || (isRequest && input.method) || "GET";
        const { headers } = signer.#sign(method, url.pathname + url.search, undefined);
        const merged = new Headers((init && init.headers) || (isRequest ? input.headers : undefined));
        for (const [name, value] of Object.entries(headers)) merged.set(name, value);
        return fetchFn(input, { ...(init || {}), method, headers: merged });
      };
    }

    free() {
      const n = this.#n;
      this.#n = undefined;
      if (n) n.free();
    }

    toString() {
      return `Signer { accessKey: ${this.accessKey}, secretKey: ${REDACTED} }`;
    }

    toJSON() {
      return { accessKey: this.accessKey, secretKey: REDACTED };
    }

    [INSPECT]() {
      return this.toString();
    }
  }

  return { sign, verify, Signer };
}

/** The signing-only API of `ncpcert/signer`. */
export function createSigningApi(getNative) {
  let loaded;
  const native = () => (loaded ??= getNative());
  return createSigning(native);
}
