// The JavaScript face of ncpcert, shared by every entry point of the full package (Node CJS
// and ESM, Deno, Workers, browsers and bundlers). Conversion only: arguments are type-checked
// and turned into strings, bytes and numbers for the WebAssembly core; its JSON results are
// parsed; its errors become NcpError subclasses. Every rule, code and validation message
// comes from the Rust core.
//
// ES module source; the package build also emits a CommonJS copy (api.cjs).

import {
  NcpApiError,
  NcpCsrError,
  NcpError,
  NcpSigningError,
  NcpValidationError,
  call,
  describe,
  isPlainObject,
  options,
  requireBytesOrString,
  toJson,
} from "./errors.js";
import { createSigning } from "./signing.js";

/**
 * Builds the API over the wasm-bindgen module that `getNative()` returns (in browsers it
 * throws until `init()` has loaded the module). `readKeySources(names, configureFile)`, given
 * by the Node entries only, reads the environment variables and the credentials file that
 * `names` (the core's `keySources()`) lists and returns what it found; the rule is the core's.
 */
export function createApi(getNative, readKeySources) {
  // The module, once getNative() has returned it (in browsers it throws before init()).
  let loaded;
  const native = () => (loaded ??= getNative());
  const { sign, verify, Signer } = createSigning(native);

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

  /**
   * `Signer.fromEnv(options)` (Node only): a signer with the keys found where the `ncpcert`
   * command finds them: NCP_ACCESS_KEY and NCP_SECRET_KEY when both are set, else the first
   * profile of ~/.ncloud/configure (or `configureFile`) holding both keys. The rule is the
   * core's (`keySources`, `findKeys`); the Node entry only reads what it names.
   */
  function fromEnv(opts) {
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
  // A static method like a class's own: not enumerable.
  Object.defineProperty(Signer, "fromEnv", { value: fromEnv, writable: true, configurable: true });

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
