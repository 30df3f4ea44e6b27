// The error classes of ncpcert and the argument checks shared by every entry point (the full
// API, the signing-only `ncpcert/signer` and the order workflow's `ncpcert/order`), so that
// all throw the same classes and `instanceof` agrees whichever entry threw. Conversion only:
// messages and codes of the core's own errors come from the Rust core, which throws them as
// objects `{type, code, message, …}` that convertError turns into classes by `type`. Every
// code thrown here is one of the core's table (a test checks each literal against it).
//
// ES module source; the package build also emits a CommonJS copy (errors.cjs).

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
 * next attempt: "resendable" (NCP did not act on it: send again, freshly signed),
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

/**
 * The order workflow (`placeOrder`) ended without an order that is this request's.
 * `code` says which way: `order.name_taken` (the name belongs to an earlier certificate:
 * nothing was bought), `order.not_this_request` (a certificate of that name and those names
 * is issued for another key), `order.outcome_unknown` (an order may exist: check before
 * ordering again), `order.refused` (NCP said no) or `order.not_placed` (no order was placed).
 * `steps` is everything the workflow did; `cause` the failure that ended it (an `NcpApiError`
 * for NCP's answer, an `NcpError` with `written` for a connection that failed).
 */
export class NcpOrderError extends NcpError {
  constructor(e) {
    super(e.message, e.code);
    this.hint = e.hint;
    this.certificateName = e.certificateName;
    this.certificateNo = e.certificateNo ?? null;
    this.certificate = e.certificate ?? null;
    this.steps = e.steps ?? [];
    if (e.cause) {
      // Like the standard `cause` option of Error: an own, non-enumerable property.
      Object.defineProperty(this, "cause", { value: causeError(e.cause), writable: true, configurable: true });
    }
  }
}

/** The core's account of a failed call, as an error: NCP's answer, or the connection's. */
function causeError(c) {
  if (c.type === "api") return new NcpApiError(c);
  const error = new NcpError(c.message, c.code);
  error.written = c.written;
  error.outcome = c.outcome;
  return error;
}

/** Turns what the core threw (an object `{type, code, message, …}`) into the matching class. */
export function convertError(thrown) {
  if (thrown === null || typeof thrown !== "object" || typeof thrown.type !== "string" || typeof thrown.code !== "string") {
    // A trap (a panic of the core) leaves its module unusable for what was under way; anything
    // else means the module or its glue misbehaved.
    const trap = typeof WebAssembly !== "undefined" && thrown instanceof WebAssembly.RuntimeError;
    const what = thrown instanceof Error ? thrown.message : String(thrown);
    return new NcpError(`ncpcert failed unexpectedly: ${what}`, trap ? "internal.panic" : "internal.engine");
  }
  const e = thrown;
  switch (e.type) {
    case "signing":
      return new NcpSigningError(e.message, e.code);
    case "validation":
      return new NcpValidationError(e.message, e.code, e.findings || []);
    case "csr":
      return new NcpCsrError(e.message, e.code, e.field);
    case "api":
      return new NcpApiError(e);
    case "order":
      return new NcpOrderError(e);
    default:
      return new NcpError(e.message, e.code);
  }
}

export function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (thrown) {
    throw thrown instanceof NcpError ? thrown : convertError(thrown);
  }
}

export function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Strings go to the core as UTF-8; a lone surrogate becomes U+FFFD, which the core refuses. */
export function requireString(value, name, ErrorClass, code) {
  if (typeof value !== "string") {
    throw new ErrorClass(`${name} must be a string, not ${describe(value)}`, code);
  }
  return value;
}

export function requireNumber(value, name, ErrorClass, code) {
  if (typeof value !== "number") {
    throw new ErrorClass(`${name} must be a number of milliseconds, not ${describe(value)}`, code);
  }
  return value;
}

export function requireBytesOrString(value, name, makeError) {
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw makeError(`${name} must be a string or a Uint8Array, not ${describe(value)}`);
}

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An options argument: undefined and null are no options; anything but an object is refused. */
export function options(value, name, ErrorClass = NcpError, code = "argument.invalid") {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ErrorClass(`${name} must be an object, not ${describe(value)}`, code);
  }
  return value;
}

/**
 * A JS string holding a lone surrogate is not text: the conversion to the core's UTF-8 would
 * turn it into U+FFFD, a different name.
 */
export function wellFormed(value, name) {
  const lone = /[\uD800-\uDFFF]/u.exec(value);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    throw new NcpError(`${name} holds a lone surrogate (\\u${unit}), which is not text; give a well-formed string`, "argument.invalid");
  }
  return value;
}

/** An optional string option. */
export function optionalString(value, name) {
  if (value !== undefined && value !== null && typeof value !== "string") {
    throw new NcpError(`${name} must be a string, not ${describe(value)}`, "argument.invalid");
  }
  return value == null ? undefined : wellFormed(value, name);
}
