// The JavaScript face of ncpcert, shared by the Node (CJS and ESM) and browser entry points.
// Conversion only: arguments are type-checked and turned into strings, bytes and numbers for
// the WebAssembly core; its JSON results are parsed; its errors become NcpError subclasses.
// Every rule, code and validation message comes from the Rust core.
//
// This file is ES module source; the package build also emits a CommonJS copy (api.cjs).

const REDACTED = "** redacted **";
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Base class of every error ncpcert throws. */
export class NcpError extends Error {
  constructor(message, code) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The request has errors (or warnings, when strict). */
export class NcpValidationError extends NcpError {
  constructor(message, code, findings) {
    super(message, code);
    this.findings = findings;
    this.errors = findings.filter((f) => f.severity === "error");
    this.warnings = findings.filter((f) => f.severity !== "error");
  }
}

/** An input that cannot be signed (method, path, timestamp, keys). */
export class NcpSigningError extends NcpError {}

/** An input that is not one readable CSR. */
export class NcpCsrError extends NcpError {
  constructor(message, code, field) {
    super(message, code);
    this.field = field;
  }
}

/**
 * NCP answered with an error (or something unreadable). `outcome` says what it means for the
 * next attempt (SPEC §12): "resendable" (NCP did not act on it: send again, freshly signed),
 * "ambiguous" (NCP may have acted on it: look the certificate name up before ordering again)
 * or "final". `retryable` is true exactly when the outcome is "resendable".
 */
export class NcpApiError extends NcpError {
  constructor(e) {
    super(e.message, e.code);
    this.kind = e.kind;
    this.httpStatus = e.httpStatus;
    this.details = e.details ?? null;
    this.retryable = e.retryable;
    this.outcome = e.outcome ?? "final";
    this.hint = e.hint;
  }

  /** NCP did not act on the request: it may be sent again (freshly signed). */
  get resendable() {
    return this.outcome === "resendable";
  }

  /** NCP may have acted on the request: look the certificate up before ordering again. */
  get ambiguous() {
    return this.outcome === "ambiguous";
  }
}

/** Turns what the core threw (JSON text) into the matching error class. */
function convertError(thrown) {
  if (typeof thrown !== "string") {
    return new NcpError(`ncpcert failed unexpectedly: ${String(thrown && thrown.message)}`, "internal");
  }
  let e;
  try {
    e = JSON.parse(thrown);
  } catch {
    return new NcpError(thrown, "internal");
  }
  switch (e.type) {
    case "signing":
      return new NcpSigningError(e.message, e.code);
    case "validation":
      return new NcpValidationError(e.message, e.code, e.findings || []);
    case "csr":
      return new NcpCsrError(e.message, e.code, e.field);
    case "api":
      return new NcpApiError(e);
    default:
      return new NcpError(e.message, e.code);
  }
}

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw thrown instanceof NcpError ? thrown : convertError(thrown);
  }
}

function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Strings go to the core as UTF-8; a lone surrogate becomes U+FFFD, which the core refuses. */
function requireString(value, name, ErrorClass, code) {
  if (typeof value !== "string") {
    throw new ErrorClass(`${name} must be a string, not ${describe(value)}`, code);
  }
  return value;
}

function requireNumber(value, name, ErrorClass, code) {
  if (typeof value !== "number") {
    throw new ErrorClass(`${name} must be a number of milliseconds, not ${describe(value)}`, code);
  }
  return value;
}

function requireBytesOrString(value, name, makeError) {
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw makeError(`${name} must be a string or a Uint8Array, not ${describe(value)}`);
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * JSON for the core; a BigInt goes as a number when exact, else as text the core refuses.
 * NaN and ±Infinity (what JSON.parse makes of 1e400) throw: JSON.stringify would silently
 * turn them into null, which the core reads as "absent".
 */
function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === "bigint") {
      return v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : String(v);
    }
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new Error(`\`${key}\` is ${v}, which JSON cannot carry; give a finite number`);
    }
    return v;
  });
}

/**
 * Builds the API over the wasm-bindgen module that `getNative()` returns (in browsers it
 * throws until `init()` has loaded the module).
 */
/**
 * `getNative` returns the wasm-bindgen module. `readKeySources(names)`, given by the Node
 * entry only, reads the environment variables and the credentials file that `names` (the
 * core's `keySources()`) lists and returns what it found; the rule itself is the core's.
 */
export function createApi(getNative, readKeySources) {
  // The module, once getNative() has returned it (in browsers it throws before init()).
  let loaded;
  const native = () => (loaded ??= getNative());
  let headerNames;
  const signatureHeaderNames = () => (headerNames ??= native().signatureHeaderNames());

  function sign(method, pathAndQuery, timestampMs, accessKey, secretKey) {
    const S = NcpSigningError;
    return call(
      native().sign,
      requireString(method, "method", S, "signing.method"),
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path"),
      requireNumber(timestampMs, "timestampMs", S, "signing.timestamp"),
      requireString(accessKey, "accessKey", S, "signing.access_key"),
      requireString(secretKey, "secretKey", S, "signing.secret_key"),
    );
  }

  function verify(method, pathAndQuery, timestampMs, accessKey, secretKey, signature) {
    const S = NcpSigningError;
    return call(
      native().verify,
      requireString(method, "method", S, "signing.method"),
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path"),
      requireNumber(timestampMs, "timestampMs", S, "signing.timestamp"),
      requireString(accessKey, "accessKey", S, "signing.access_key"),
      requireString(secretKey, "secretKey", S, "signing.secret_key"),
      requireString(signature, "signature", S, "signing.signature"),
    );
  }

  /** Splits a request object into JSON text and, when the CSR is bytes, those bytes. */
  function requestArgs(request) {
    let csr;
    let fields = request;
    if (request !== null && typeof request === "object" && !Array.isArray(request)) {
      const value = request.csr;
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        csr = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
        fields = { ...request };
        delete fields.csr;
      }
    }
    let json;
    try {
      json = toJson(fields === undefined ? null : fields);
    } catch (e) {
      // A value JSON cannot carry (Infinity, a cycle, nesting too deep for JSON.stringify).
      const message = `the request cannot be read as JSON (${e.message}); pass a plain object with the API's field names`;
      return [undefined, csr, [{ code: "request.invalid", field: "", severity: "error", message }]];
    }
    return [json, csr, undefined];
  }

  function options(value, name, ErrorClass = NcpError, code = "argument.invalid") {
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new ErrorClass(`${name} must be an object, not ${describe(value)}`, code);
    }
    return value;
  }

  function validate(request, opts) {
    const { strict = false } = options(opts, "options");
    const [json, csr, unreadable] = requestArgs(request);
    // A request JSON cannot carry is reported like any other bad request: never thrown.
    const report = unreadable
      ? { valid: false, findings: unreadable }
      : JSON.parse(call(native().validate, json, csr, Boolean(strict)));
    // A request that is not an object is a wrong argument, not a finding about a request.
    if (!isPlainObject(request)) {
      const first = report.findings[0] || { message: "the request must be an object" };
      throw new NcpValidationError(first.message, "request.invalid", report.findings);
    }
    return report;
  }

  function prepare(request, opts) {
    const { strict = false, site = "public", baseUrl } = options(opts, "options");
    if (typeof site !== "string") {
      throw new NcpError(`site must be "public", "gov" or "fin", not ${describe(site)}`, "site.invalid");
    }
    if (baseUrl !== undefined && baseUrl !== null && typeof baseUrl !== "string") {
      throw new NcpError(`baseUrl must be a string, not ${describe(baseUrl)}`, "site.invalid");
    }
    const [json, csr, unreadable] = requestArgs(request);
    if (unreadable) throw new NcpValidationError(unreadable[0].message, "request.invalid", unreadable);
    return JSON.parse(call(native().prepare, json, csr, site, baseUrl ?? undefined, Boolean(strict)));
  }

  function inspectCsr(csr) {
    const bytes = requireBytesOrString(csr, "csr", (m) => new NcpCsrError(m, "csr.malformed", "csr"));
    return JSON.parse(call(native().inspectCsr, bytes));
  }

  function answerArgs(status, body) {
    if (!Number.isInteger(status) || status < 0 || status > 65535) {
      throw new NcpError(`status must be an HTTP status code, not ${String(status)}`, "argument.invalid");
    }
    return [status, requireBytesOrString(body ?? "", "body", (m) => new NcpError(m, "argument.invalid"))];
  }

  function parseResponse(status, body) {
    return JSON.parse(call(native().parseResponse, ...answerArgs(status, body)));
  }

  function siteArgs(opts) {
    const { site = "public", baseUrl } = options(opts, "options");
    if (typeof site !== "string") {
      throw new NcpError(`site must be "public", "gov" or "fin", not ${describe(site)}`, "site.invalid");
    }
    if (baseUrl !== undefined && baseUrl !== null && typeof baseUrl !== "string") {
      throw new NcpError(`baseUrl must be a string, not ${describe(baseUrl)}`, "site.invalid");
    }
    return [site, baseUrl ?? undefined];
  }

  /** The ListAdvancedCertificates call (a GET; `body` is null: send none), unsigned. */
  function listAdvancedCertificates(query, opts) {
    const { certificateName, page, pageSize } = options(query, "query");
    let json;
    try {
      json = toJson({ certificateName, page, pageSize });
    } catch (e) {
      throw new NcpError(`the lookup's options cannot be sent: ${e.message}`, "argument.invalid");
    }
    return JSON.parse(call(native().listCertificates, json, ...siteArgs(opts)));
  }

  /** NCP's answer to ListAdvancedCertificates; with `{name}`, `.match` is the exact match or null. */
  function parseCertificateList(status, body, opts) {
    const { name } = options(opts, "options");
    if (name !== undefined && name !== null && typeof name !== "string") {
      throw new NcpError(`name must be a string, not ${describe(name)}`, "argument.invalid");
    }
    return JSON.parse(call(native().parseCertificateList, ...answerArgs(status, body), name ?? undefined));
  }

  /** "resendable" when no byte of the request was written (a connect error), else "ambiguous". */
  function transportOutcome(opts) {
    const { written } = options(opts, "options");
    if (typeof written !== "boolean") {
      throw new NcpError(`written must be a boolean, not ${describe(written)}`, "argument.invalid");
    }
    return native().transportOutcome(written);
  }

  class Signer {
    // The native signer lives in a private field, so that nothing the object exposes can
    // reach the keyed state.
    #n;
    // The method and path the native signer remembers from its last `sign_target`.
    #method;
    #path;
    #names;

    constructor(opts) {
      const { accessKey, secretKey, now = Date.now, clockOffsetMs = 0 } = options(
        opts,
        "Signer options",
        NcpSigningError,
        "signing.options",
      );
      const S = NcpSigningError;
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
      if (!n) throw new NcpSigningError("this Signer was freed; create a new one", "signing.freed");
      return n;
    }

    #timestamp(timestampMs) {
      return timestampMs === undefined
        ? this._clock()
        : requireNumber(timestampMs, "timestampMs", NcpSigningError, "signing.timestamp");
    }

    headers(method, pathAndQuery, timestampMs) {
      // The hot path of signing: one call into the core, which returns the timestamp text and
      // the signature as one string (the request-target stays on the wasm side between calls).
      const S = NcpSigningError;
      requireString(method, "method", S, "signing.method");
      requireString(pathAndQuery, "pathAndQuery", S, "signing.path");
      const ts = this.#timestamp(timestampMs);
      const n = this.#native();
      let signed;
      try {
        if (method === this.#method && pathAndQuery === this.#path) {
          signed = n.signAgain(ts);
        } else {
          signed = n.signTarget(method, pathAndQuery, ts);
          this.#method = method;
          this.#path = pathAndQuery;
        }
      } catch (thrown) {
        throw convertError(thrown);
      }
      // The timestamp's digits, then the 44-character signature. Keyed stores rather than a
      // literal with computed keys: V8 keeps them on its fast path.
      const names = this.#names;
      const headers = {};
      headers[names[0]] = signed.slice(0, -44);
      headers[names[1]] = this.accessKey;
      headers[names[2]] = signed.slice(-44);
      return headers;
    }

    #sign(method, pathAndQuery, timestampMs) {
      const S = NcpSigningError;
      const [upper, ts, signature] = call(
        (...a) => this.#native().headers(...a),
        requireString(method, "method", S, "signing.method"),
        requireString(pathAndQuery, "pathAndQuery", S, "signing.path"),
        this.#timestamp(timestampMs),
      );
      return {
        method: upper,
        timestampMs: Number(ts),
        headers: {
          [signatureHeaderNames()[0]]: ts,
          [signatureHeaderNames()[1]]: this.accessKey,
          [signatureHeaderNames()[2]]: signature,
        },
      };
    }

    signRequest(prepared, timestampMs) {
      if (prepared === null || typeof prepared !== "object") {
        throw new NcpSigningError(`prepared must be the object prepare() returned, not ${describe(prepared)}`, "signing.request");
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
        throw new NcpSigningError(`wrapFetch needs a fetch function, not ${describe(fetchFn)}`, "signing.request");
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

    /**
     * A signer with the keys found where the `ncpcert` command finds them (Node only):
     * NCP_ACCESS_KEY and NCP_SECRET_KEY when both are set, else the first profile of
     * ~/.ncloud/configure (or `configureFile`) holding both keys.
     */
    static fromEnv(opts) {
      const { configureFile, ...signerOptions } = options(opts, "fromEnv options", NcpSigningError, "signing.options");
      if (configureFile !== undefined && typeof configureFile !== "string") {
        throw new NcpSigningError(`configureFile must be a string, not ${describe(configureFile)}`, "signing.options");
      }
      if (typeof readKeySources !== "function") {
        throw new NcpSigningError(
          "Signer.fromEnv reads the environment and ~/.ncloud/configure: it works in Node only; elsewhere pass the keys to new Signer({accessKey, secretKey})",
          "signing.options",
        );
      }
      const names = JSON.parse(native().keySources());
      const sources = readKeySources(names, configureFile);
      const found = JSON.parse(call(native().findKeys, JSON.stringify(sources)));
      return new Signer({ ...signerOptions, accessKey: found.accessKey, secretKey: found.secretKey });
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

  return {
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
  };
}
