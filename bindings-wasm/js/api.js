// The JavaScript face of ncpcert, shared by every entry point of the full package (Node CJS
// and ESM, Deno, Workers, browsers and bundlers). Conversion only: arguments are type-checked
// and passed to the WebAssembly core as they are (objects, strings, bytes, numbers), which
// returns plain objects; its errors become NcpError subclasses. Every rule, code and
// validation message comes from the Rust core.
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

  /** Splits a request object into its fields and, when the CSR is bytes, those bytes. */
  function requestArgs(request) {
    if (request !== null && typeof request === "object" && !Array.isArray(request)) {
      const value = request.csr;
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        const fields = { ...request };
        delete fields.csr;
        return [fields, value instanceof ArrayBuffer ? new Uint8Array(value) : value];
      }
    }
    return [request ?? null, undefined];
  }

  /** `lang` as the core takes it ("en" or "ko"; the core refuses any other). */
  function langArg(lang) {
    return lang === undefined || lang === null ? undefined : lang;
  }

  function validate(request, opts) {
    const { strict = false, lang } = options(opts, "options");
    // A request the core cannot read (a value JSON cannot carry) is reported like any other
    // bad request: never thrown.
    const report = call(native().validate, ...requestArgs(request), Boolean(strict), langArg(lang));
    // A request that is not an object is a wrong argument, not a finding about a request.
    if (!isPlainObject(request)) {
      const first = report.findings[0] || { message: "the request must be an object" };
      throw new NcpValidationError(first.message, "request.invalid", report.findings);
    }
    return report;
  }

  function prepare(request, opts) {
    const { strict = false, site = "public", baseUrl, lang } = options(opts, "options");
    if (typeof site !== "string") {
      throw new NcpError(`site must be "public", "gov" or "fin", not ${describe(site)}`, "site.invalid");
    }
    if (baseUrl !== undefined && baseUrl !== null && typeof baseUrl !== "string") {
      throw new NcpError(`baseUrl must be a string, not ${describe(baseUrl)}`, "site.invalid");
    }
    return call(native().prepare, ...requestArgs(request), site, baseUrl ?? undefined, Boolean(strict), langArg(lang));
  }

  function inspectCsr(csr, opts) {
    const { lang } = options(opts, "options");
    const bytes = requireBytesOrString(csr, "csr", (m) => new NcpCsrError(m, "csr.malformed", "csr"));
    return call(native().inspectCsr, bytes, langArg(lang));
  }

  function answerArgs(status, body) {
    if (!Number.isInteger(status) || status < 0 || status > 65535) {
      throw new NcpError(`status must be an HTTP status code, not ${String(status)}`, "argument.invalid");
    }
    return [status, requireBytesOrString(body ?? "", "body", (m) => new NcpError(m, "argument.invalid"))];
  }

  function parseResponse(status, body) {
    return call(native().parseResponse, ...answerArgs(status, body));
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
    return call(native().listCertificates, { certificateName, page, pageSize }, ...siteArgs(opts));
  }

  /** NCP's answer to ListAdvancedCertificates; with `{name}`, `.match` is the exact match or null. */
  function parseCertificateList(status, body, opts) {
    const { name } = options(opts, "options");
    if (name !== undefined && name !== null && typeof name !== "string") {
      throw new NcpError(`name must be a string, not ${describe(name)}`, "argument.invalid");
    }
    return call(native().parseCertificateList, ...answerArgs(status, body), name ?? undefined);
  }

  /**
   * The options of one of the core's call builders, as given. Which options exist and which
   * values they take is the core's to say (it refuses unknown options and values JSON cannot
   * carry); only a number already rounded is refused here: a `certificateNo` beyond 2^53 - 1
   * must come as a bigint, which goes to the core exactly.
   */
  function callOptions(fields) {
    const { certificateNo } = fields;
    if (typeof certificateNo === "number" && Number.isInteger(certificateNo) && !Number.isSafeInteger(certificateNo)) {
      throw new NcpError(
        `certificateNo ${certificateNo} is beyond 2^53 - 1, where a number may already be rounded; pass a bigint`,
        "argument.invalid",
      );
    }
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === "string") wellFormed(value, name);
    }
    return fields;
  }

  /** A call builder of the core, from its options and `{site, baseUrl}`. */
  function build(fn, fields, opts) {
    return call(fn, fields, ...siteArgs(opts));
  }

  /**
   * The ListDcvStatuses call for one name of a certificate (a GET; `body` is null: send
   * none), unsigned: `{certificateNo, domainAddress}`.
   */
  function listDcvStatuses(target, opts) {
    const fields = options(target, "{certificateNo, domainAddress}");
    optionalString(fields.domainAddress, "domainAddress");
    return build(native().listDcvStatuses, callOptions(fields), opts);
  }

  /**
   * NCP's answer to ListDcvStatuses. With `{domain}` (the `domainAddress` asked about), each
   * record also has `recordName`: the name to publish its TXT record at.
   */
  function parseDcvStatuses(status, body, opts) {
    const domain = optionalString(options(opts, "options").domain, "domain");
    return call(native().parseDcvStatuses, ...answerArgs(status, body), domain);
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
    return call(native().validationDomains, list);
  }

  /** The GetCertificateChain call (a GET; `body` is null), unsigned: `{certificateNo}`. */
  function getCertificateChain(target, opts) {
    return build(native().getCertificateChain, callOptions(options(target, "{certificateNo}")), opts);
  }

  /** NCP's answer to GetCertificateChain: each PEM with LF endings, and the `files` to write. */
  function parseCertificateChain(status, body) {
    return call(native().parseCertificateChain, ...answerArgs(status, body));
  }

  /**
   * The ListOrganizations call (a POST whose body is `{}` without filters), unsigned:
   * `{organizationNameKor?, organizationNameEng?, businessRegistrationNo?,
   * verificationProgressCode?}`.
   */
  function listOrganizations(filters, opts) {
    return build(native().listOrganizations, callOptions(options(filters, "filters")), opts);
  }

  /** NCP's answer to ListOrganizations (`.organizations[]`, each marked `validated`). */
  function parseOrganizations(status, body) {
    return call(native().parseOrganizations, ...answerArgs(status, body));
  }

  /** "resendable" when no byte of the request was written (a connect error), else "ambiguous". */
  function transportOutcome(opts) {
    const { written } = options(opts, "options");
    if (typeof written !== "boolean") {
      throw new NcpError(`written must be a boolean, not ${describe(written)}`, "argument.invalid");
    }
    return call(native().transportOutcome, written);
  }

  /**
   * `Signer.fromEnv(options)` (Node only): a signer with the keys found where the `ncpcert`
   * command finds them: NCP_ACCESS_KEY and NCP_SECRET_KEY when both are set, else the first
   * profile of ~/.ncloud/configure (or `configureFile`) holding both keys. The rule is the
   * core's (`keySources`, `findKeys`); the Node entry only reads what it names.
   */
  function fromEnv(opts) {
    const { configureFile, ...signerOptions } = options(opts, "fromEnv options");
    if (configureFile !== undefined && typeof configureFile !== "string") {
      throw new NcpError(`configureFile must be a string, not ${describe(configureFile)}`, "argument.invalid");
    }
    if (typeof readKeySources !== "function") {
      throw new NcpError(
        "Signer.fromEnv reads the environment and ~/.ncloud/configure: it works in Node only; elsewhere pass the keys to new Signer({accessKey, secretKey})",
        "argument.invalid",
      );
    }
    const names = call(native().keySources);
    const sources = readKeySources(names, configureFile);
    const found = call(native().findKeys, sources);
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
