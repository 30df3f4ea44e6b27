// Type declarations of the npm package `ncpcert`: the same API in Node, Deno, Bun and Workers
// (no init step) and in browsers/bundlers (`await init()` once, then the same functions).
// Shipped as types/index.d.ts (ES module) and types/index.d.cts (CommonJS).

// The shapes of what the functions return are generated from the core's types: models.d.ts.
export * from "./models.js";
import type {
  ApiErrorKind, CertificateChain, CertificateListAnswer, CertificateStatus, CertificateSummary,
  CsrReport, DcvStatuses, Finding, IssuanceResponse, OrganizationList, Outcome, PlacedOrder,
  PreparedRequest, Report, Step, VerificationProgress,
} from "./models.js";

/** A certificate's status, named (`statusName` is NCP's own text). */
export type CertificateStatusName = CertificateStatus;
/** NCP's answer to ListAdvancedCertificates; `match` with `{name}`. */
export type CertificateList = CertificateListAnswer;
/** One thing the order workflow did. */
export type OrderStep = Step;

/** `certificateType` values; `"DV"`/`"OV"` (any case) are accepted as aliases. */
export type CertificateType = "NCP_PAID_DV_01" | "NCP_PAID_OV_01" | "DV" | "OV" | (string & {});
/** `validationMethod`: `D` (DNS, one-time value), `PD` (persistent DNS TXT), `E` (email, discontinued). */
export type ValidationMethod = "D" | "PD" | "E" | (string & {});

/** The request body, with the API's JSON field names. */
export interface CertificateRequest {
  /** PKCS#10 CSR: PEM text (lenient) or DER bytes. */
  csr: string | Uint8Array;
  certificateType: CertificateType;
  certificateName: string;
  commonName: string;
  dnsName?: string[];
  validationMethod: ValidationMethod;
  /** OV only. */
  organizationNo?: number;
  /** Fields copied verbatim into the body (for fields NCP adds later). */
  extra?: Record<string, unknown>;
}

/** The language of messages: `"en"` (the default) or `"ko"`. Codes are the same in both. */
export type Lang = "en" | "ko";

/** Options of the calls whose messages (findings, errors) can be in Korean. */
export interface LangOptions {
  /** The language of the messages, and of the errors thrown (default `"en"`). */
  lang?: Lang;
}

export interface ValidateOptions extends LangOptions {
  /** Every warning counts as an error. */
  strict?: boolean;
}

export type SiteName = "public" | "gov" | "fin";

export interface PrepareOptions extends ValidateOptions {
  /** Which NCP site (default `"public"`). */
  site?: SiteName;
  /** A custom `http(s)://host[:port][/prefix]`, e.g. a proxy or a test server. */
  baseUrl?: string;
}

/** A signed request: send exactly `method`, `url`, `headers` and `body`. */
export interface SignedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  timestampMs: number;
}

/** The three signature headers. */
export interface SignatureHeaders {
  "x-ncp-apigw-timestamp": string;
  "x-ncp-iam-access-key": string;
  "x-ncp-apigw-signature-v2": string;
}

/** Options of `Signer.fromEnv`: the signer's clock options, and another credentials file. */
export interface SignerFromEnvOptions extends Omit<SignerOptions, "accessKey" | "secretKey"> {
  /** Read this file instead of `~/.ncloud/configure`. */
  configureFile?: string;
}

export interface SignerOptions {
  accessKey: string;
  secretKey: string;
  /** Clock in milliseconds since the Unix epoch (default `Date.now`). */
  now?: () => number;
  /** Added to `now()`, e.g. the skew learned from a server's `Date` header. */
  clockOffsetMs?: number;
}

/** Signs requests with one key pair; the key is held inside WebAssembly memory and never shown. */
export class Signer {
  constructor(options: SignerOptions);
  /**
   * Node only: a signer with the keys found where the `ncpcert` command finds them:
   * `NCP_ACCESS_KEY` and `NCP_SECRET_KEY` when both are set, else the first profile of NCP's
   * CLI credentials file `~/.ncloud/configure` (or `configureFile`) holding
   * `ncloud_access_key_id` and `ncloud_secret_access_key`. Throws `NcpSigningError` (code
   * `credentials.missing`, `credentials.incomplete` or `credentials.invalid`) saying where the
   * keys were looked for, never showing one; in browsers it always throws.
   */
  static fromEnv(options?: SignerFromEnvOptions): Signer;
  readonly accessKey: string;
  /** The three signature headers; `timestampMs` defaults to the signer's clock. */
  headers(method: string, pathAndQuery: string, timestampMs?: number): SignatureHeaders;
  /** Signs a prepared request. */
  signRequest(prepared: PreparedRequest, timestampMs?: number): SignedRequest;
  /**
   * A `fetch` that signs every call with a fresh timestamp, from its method and URL only
   * (the body is never read).
   */
  wrapFetch<F extends (input: any, init?: any) => Promise<any>>(fetch: F): F;
  /**
   * Releases the key's WebAssembly memory (wiped); the signer cannot be used afterwards (an
   * `NcpError` with code `internal.misuse`).
   */
  free(): void;
}

/** Signature v2 of one request (base64). */
export function sign(
  method: string,
  pathAndQuery: string,
  timestampMs: number,
  accessKey: string,
  secretKey: string,
): string;

/** Checks a received signature in constant time. */
export function verify(
  method: string,
  pathAndQuery: string,
  timestampMs: number,
  accessKey: string,
  secretKey: string,
  signature: string,
): boolean;

/** Every finding at once; never throws for a bad request (only for a wrong argument type). */
export function validate(request: CertificateRequest | Record<string, unknown>, options?: ValidateOptions): Report;

/** Validates and returns the exact request to send; throws `NcpValidationError` with every finding. */
export function prepare(request: CertificateRequest | Record<string, unknown>, options?: PrepareOptions): PreparedRequest;

/** Reads and checks a CSR; throws `NcpCsrError` when the input is not one readable CSR. */
export function inspectCsr(csr: string | Uint8Array, options?: LangOptions): CsrReport;

/** Reads NCP's answer; throws `NcpApiError` for every error outcome. */
export function parseResponse(status: number, body: string | Uint8Array): IssuanceResponse;

/** Options of a ListAdvancedCertificates call. */
export interface ListAdvancedCertificatesQuery {
  /** Only certificates with this name (matched exactly again by `parseCertificateList`). */
  certificateName?: string;
  /** From 1. */
  page?: number;
  /** 1 to 1000. */
  pageSize?: number;
}

/**
 * The ListAdvancedCertificates call (`GET /api/v2/certificate/getPaidCertificates`), unsigned:
 * the query is percent-encoded once and `url` holds exactly the signed request-target.
 */
export function listAdvancedCertificates(
  query?: ListAdvancedCertificatesQuery,
  options?: CallSiteOptions,
): PreparedRequest;

/** Reads NCP's answer to ListAdvancedCertificates; throws `NcpApiError` for every error. */
export function parseCertificateList(
  status: number,
  body: string | Uint8Array,
  options?: { name?: string },
): CertificateList;

/** Where a Certificate Manager call goes (NCP documents these calls for `"public"`). */
export interface CallSiteOptions {
  /** Which NCP site (default `"public"`). */
  site?: SiteName;
  /** A custom `http(s)://host[:port][/prefix]`, e.g. a proxy or a test server. */
  baseUrl?: string;
}

/** A certificate's number: a number (a safe integer) or, beyond 2^53 - 1, a bigint. */
export type CertificateNo = number | bigint;

/** Options of a ListDcvStatuses call: one name of one certificate. */
export interface ListDcvStatusesOptions {
  /** The certificate's number (`paidCertificate.certificateNo`, `CertificateSummary.certificateNo`). */
  certificateNo: CertificateNo;
  /** One name of the certificate, as `validationDomains` gives them. */
  domainAddress: string;
}

/**
 * The ListDcvStatuses call (`GET /api/v2/certificate/getVerificationInfo/{certificateNo}
 * ?domainAddress=`), unsigned; `body` is `null` (send none). One call per name of
 * `validationDomains`.
 */
export function listDcvStatuses(call: ListDcvStatusesOptions, options?: CallSiteOptions): PreparedRequest;

/** Reads NCP's answer to ListDcvStatuses; throws `NcpApiError` for every error. */
export function parseDcvStatuses(
  status: number,
  body: string | Uint8Array,
  options?: { domain?: string },
): DcvStatuses;

/**
 * The names to ask ListDcvStatuses about, from the certificate's names (the common name, then
 * each `dnsName`): each once, lower-cased, a wildcard `*.example.com` as `example.com`.
 */
export function validationDomains(names: readonly string[]): string[];

/**
 * The GetCertificateChain call (`GET /api/v2/certificate/exportCertificate/{certificateNo}
 * /chain`), unsigned; `body` is `null`.
 */
export function getCertificateChain(call: { certificateNo: CertificateNo }, options?: CallSiteOptions): PreparedRequest;

/** Reads NCP's answer to GetCertificateChain; throws `NcpApiError` for every error. */
export function parseCertificateChain(status: number, body: string | Uint8Array): CertificateChain;

/** Filters of a ListOrganizations call (exact matches). */
export interface ListOrganizationsFilters {
  organizationNameKor?: string;
  organizationNameEng?: string;
  businessRegistrationNo?: string;
  /** `7`: validated. */
  verificationProgressCode?: number;
}

/**
 * The ListOrganizations call (`POST /api/v2/organization/getOrganizationInfoList`), unsigned;
 * its body is `{}` without filters (NCP requires one).
 */
export function listOrganizations(filters?: ListOrganizationsFilters, options?: CallSiteOptions): PreparedRequest;

/** `verificationProgress`: the name of `verificationProgressCode`. */
export type VerificationProgressName = VerificationProgress;

/** Reads NCP's answer to ListOrganizations; throws `NcpApiError` for every error. */
export function parseOrganizations(status: number, body: string | Uint8Array): OrganizationList;

/**
 * A failed HTTP exchange: "resendable" when no byte of the request was written (a connect
 * error), "ambiguous" otherwise (a timeout or reset after sending: NCP may have acted on it).
 */
export function transportOutcome(options: { written: boolean }): Outcome;

/**
 * The `fetch` placeOrder calls: `globalThis.fetch` by default, or any function called like it
 * (`fetch(url, {method, headers, body, signal})`) whose answer has `status`, `headers.get` and
 * `arrayBuffer()`. (`init` is typed `any` so that the declarations need neither the DOM
 * library nor Node's types.)
 */
export type FetchLike = (url: string, init?: any) => Promise<FetchResponseLike>;

/** What placeOrder reads of a `fetch` answer. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Options of `placeOrder`. */
export interface PlaceOrderOptions extends CallSiteOptions, LangOptions {
  /** Signs every call, freshly, with its clock (plus the correction the workflow learns from NCP's `Date`). */
  signer: Signer;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Resends after failures NCP certainly did not act on (default 2: at most three attempts). */
  retries?: number;
  /** How long one call may take, answer read in full (default 30 000). */
  timeoutMs?: number;
  /** Every validation warning counts as an error. */
  strict?: boolean;
  /** The first pause before a resend, in milliseconds (default 500; each further one doubles). */
  backoffMs?: number;
}

/** The codes of `NcpOrderError` (from the core's one table). */
export type OrderErrorCode =
  | "order.name_taken"
  | "order.not_this_request"
  | "order.outcome_unknown"
  | "order.refused"
  | "order.not_placed"
  | (string & {});

/**
 * Orders the certificate, never twice: signs and sends the issuance request with `fetch`,
 * resends only what NCP certainly did not act on, and after a lost answer looks the name up
 * and takes a certificate found only when it is this request's. Never orders twice. Throws
 * `NcpValidationError` for a bad request, `NcpError` for bad options, `NcpOrderError` when no
 * order of this request exists (or may exist: `order.outcome_unknown`). The workflow runs in
 * a WebAssembly module of its own (that of `ncpcert/order`), which this entry loads on the
 * first call.
 */
export function placeOrder(
  request: CertificateRequest | Record<string, unknown>,
  options: PlaceOrderOptions,
): Promise<PlacedOrder>;

/** Base class of every error ncpcert throws. */
export class NcpError extends Error {
  /**
   * Stable machine-readable code, one of ncpcert's table (NCP's own for an `NcpApiError`):
   * `argument.invalid` or `site.invalid` for a wrong argument, `internal.*` for a misuse or a
   * failure of the WebAssembly module; the subclasses' codes are theirs.
   */
  readonly code: string;
}

/** The request has errors (or warnings, when strict). */
export class NcpValidationError extends NcpError {
  readonly errors: Finding[];
  readonly warnings: Finding[];
  readonly findings: Finding[];
}

/** An input that cannot be signed (method, path, timestamp, keys). */
export class NcpSigningError extends NcpError {}

/** An input that is not one readable CSR. */
export class NcpCsrError extends NcpError {
  readonly field: string;
}

/** NCP answered with an error (or something unreadable). */
export class NcpApiError extends NcpError {
  readonly kind: ApiErrorKind;
  readonly httpStatus: number;
  readonly details: string | null;
  /** True exactly when `outcome` is "resendable". */
  readonly retryable: boolean;
  /**
   * "resendable": NCP did not act on the request, send it again (freshly signed);
   * "ambiguous": NCP may have acted on it, look the certificate name up before ordering again;
   * "final": do not send it again unchanged.
   */
  readonly outcome: Outcome;
  /** `outcome === "resendable"`. */
  readonly resendable: boolean;
  /** `outcome === "ambiguous"`. */
  readonly ambiguous: boolean;
  /** What to do about it. */
  readonly hint: string;
}

/**
 * `placeOrder` ended without an order that is this request's. `code`: `order.name_taken`
 * (the name belongs to an earlier certificate; nothing was bought), `order.not_this_request`
 * (a certificate of that name is issued for another key), `order.outcome_unknown` (an order
 * may exist: check before ordering again), `order.refused` (NCP said no) or
 * `order.not_placed` (no order was placed).
 */
export class NcpOrderError extends NcpError {
  readonly code: OrderErrorCode;
  /** What to do. */
  readonly hint: string;
  readonly certificateName: string;
  /** The certificate concerned (the one found), when there is one. */
  readonly certificateNo: number | null;
  /** The certificate found by name, when one was. */
  readonly certificate: CertificateSummary | null;
  /** Everything the workflow did. */
  readonly steps: OrderStep[];
  /**
   * The failure that ended it: an `NcpApiError` for NCP's answer, or an `NcpError` (code
   * `transport.failed`) for a connection that failed.
   */
  readonly cause?: NcpApiError | (NcpError & { readonly written: boolean; readonly outcome: Outcome });
}

/**
 * Browsers and bundlers: loads the WebAssembly module, by default the .wasm beside the
 * package's browser entry; or pass where to load it from: a URL (or its text), a Response (or
 * a promise of one), its bytes, or a compiled WebAssembly.Module. A no-op in Node, Deno, Bun
 * and Workers, where it is loaded already. (Typed `unknown` so that the declarations need
 * neither the DOM library nor Node's types.)
 */
export function init(input?: unknown): Promise<void>;
export default init;
