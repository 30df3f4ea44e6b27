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
  NcpOrderError,
  NcpSigningError,
  NcpValidationError,
  call,
  describe,
  isPlainObject,
  optionalString,
  options,
  requireBytesOrString,
  toJson,
  wellFormed,
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

  /**
   * JSON for the options of one of the core's call builders. `certificateNo` is written
   * exactly: a number must be a safe integer, a bigint goes as its digits (which
   * JSON.stringify cannot write). Which options exist and which values they take is the
   * core's to say (it refuses unknown options); only what JSON would silently drop or alter
   * is refused here.
   */
  function callJson(fields, what) {
    const { certificateNo, ...rest } = fields;
    let digits;
    if (typeof certificateNo === "bigint") {
      digits = certificateNo.toString();
    } else if (typeof certificateNo === "number") {
      if (!Number.isSafeInteger(certificateNo)) {
        throw new NcpError(
          Number.isInteger(certificateNo)
            ? `certificateNo ${certificateNo} is beyond 2^53 - 1, where a number may already be rounded; pass a bigint`
            : `certificateNo must be a whole number (the certificate's number), not ${certificateNo}`,
          "argument.invalid",
        );
      }
      digits = String(certificateNo);
    } else if (certificateNo !== undefined && certificateNo !== null) {
      throw new NcpError(
        `certificateNo must be a number (the certificate's number), not ${describe(certificateNo)}`,
        "argument.invalid",
      );
    }
    for (const [name, value] of Object.entries(rest)) {
      // JSON.stringify leaves these out, which would make a given option look absent.
      if (typeof value === "function" || typeof value === "symbol") {
        throw new NcpError(`${name} cannot be ${describe(value)}; give its text or number`, "argument.invalid");
      }
      if (typeof value === "string") wellFormed(value, name);
    }
    let json;
    try {
      json = toJson(rest);
    } catch (e) {
      throw new NcpError(`the ${what} options cannot be sent: ${e.message}`, "argument.invalid");
    }
    if (digits === undefined) return json;
    return `{"certificateNo":${digits}${json === "{}" ? "" : `,${json.slice(1, -1)}`}}`;
  }

  /** A call builder of the core, from its options JSON and `{site, baseUrl}`. */
  function build(fn, json, opts) {
    return JSON.parse(call(fn, json, ...siteArgs(opts)));
  }

  /**
   * The ListDcvStatuses call for one name of a certificate (a GET; `body` is null: send
   * none), unsigned: `{certificateNo, domainAddress}`.
   */
  function listDcvStatuses(target, opts) {
    const fields = options(target, "{certificateNo, domainAddress}");
    optionalString(fields.domainAddress, "domainAddress");
    return build(native().listDcvStatuses, callJson(fields, "domain validation"), opts);
  }

  /**
   * NCP's answer to ListDcvStatuses. With `{domain}` (the `domainAddress` asked about), each
   * record also has `recordName`: the name to publish its TXT record at.
   */
  function parseDcvStatuses(status, body, opts) {
    const domain = optionalString(options(opts, "options").domain, "domain");
    return JSON.parse(call(native().parseDcvStatuses, ...answerArgs(status, body), domain));
  }

  /** The names to ask ListDcvStatuses about, from the certificate's names (common name first). */
  function validationDomains(names) {
    if (typeof names === "string" || typeof names?.[Symbol.iterator] !== "function") {
      throw new NcpError(
        `names must be an array of strings (the common name, then each dnsName), not ${describe(names)}`,
        "argument.invalid",
      );
    }
    const list = Array.from(names);
    list.forEach((name, i) => {
      if (typeof name !== "string") {
        throw new NcpError(`names[${i}] must be a string, not ${describe(name)}`, "argument.invalid");
      }
      wellFormed(name, `names[${i}]`);
    });
    return JSON.parse(call(native().validationDomains, JSON.stringify(list)));
  }

  /** The GetCertificateChain call (a GET; `body` is null), unsigned: `{certificateNo}`. */
  function getCertificateChain(target, opts) {
    return build(native().getCertificateChain, callJson(options(target, "{certificateNo}"), "chain"), opts);
  }

  /** NCP's answer to GetCertificateChain: each PEM with LF endings, and the `files` to write. */
  function parseCertificateChain(status, body) {
    return JSON.parse(call(native().parseCertificateChain, ...answerArgs(status, body)));
  }

  /**
   * The ListOrganizations call (a POST whose body is `{}` without filters), unsigned:
   * `{organizationNameKor?, organizationNameEng?, businessRegistrationNo?,
   * verificationProgressCode?}`.
   */
  function listOrganizations(filters, opts) {
    return build(native().listOrganizations, callJson(options(filters, "filters"), "organisation"), opts);
  }

  /** NCP's answer to ListOrganizations (`.organizations[]`, each marked `validated`). */
  function parseOrganizations(status, body) {
    return JSON.parse(call(native().parseOrganizations, ...answerArgs(status, body)));
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
    listDcvStatuses,
    parseDcvStatuses,
    validationDomains,
    getCertificateChain,
    parseCertificateChain,
    listOrganizations,
    parseOrganizations,
    transportOutcome,
    Signer,
    NcpError,
    NcpValidationError,
    NcpSigningError,
    NcpCsrError,
    NcpApiError,
    NcpOrderError,
  };
}
