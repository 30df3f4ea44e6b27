// Typed usage of every export of the npm package `ncpcert` (index.d.ts), checked by
// `tsc --noEmit -p typecheck/tsconfig.json` with the types resolved from node_modules/ncpcert
// through the package's `exports` "types" condition. Never run: compile-time only.
import init, {
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
  placeOrder,
  Signer,
  NcpError,
  NcpValidationError,
  NcpSigningError,
  NcpCsrError,
  NcpApiError,
  NcpOrderError,
} from 'ncpcert';
import type {
  Severity,
  Finding,
  Report,
  CertificateType,
  ValidationMethod,
  CertificateRequest,
  ValidateOptions,
  SiteName,
  PrepareOptions,
  PreparedRequest,
  SignedRequest,
  SignatureHeaders,
  SignerOptions,
  CsrSubject,
  SanEntry,
  CsrKey,
  CsrReport,
  CertificateStatusName,
  PaidCertificate,
  IssuanceResponse,
  ApiErrorKind,
  ListAdvancedCertificatesQuery,
  CertificateSummary,
  CertificateOrder,
  CertificateList,
  Outcome,
  CallSiteOptions,
  CertificateNo,
  ListDcvStatusesOptions,
  DcvState,
  DcvRecord,
  DcvStatuses,
  CertificateFiles,
  CertificateChain,
  ListOrganizationsFilters,
  VerificationProgressName,
  Organization,
  OrganizationList,
  PlaceOrderOptions,
  PlacedOrder,
  OrderPath,
  OrderStep,
  OrderErrorCode,
  CallFailure,
  FetchLike,
} from 'ncpcert';
import initOrder, * as orderEntry from 'ncpcert/order';
import type { PlaceOrderOptions as OrderEntryOptions, PlacedOrder as OrderEntryPlaced } from 'ncpcert/order';
import initKeys, * as keysEntry from 'ncpcert/keys';
import type { KeyAlgorithm as KeysAlgorithm } from 'ncpcert/keys';
import { readFileSync } from 'node:fs';

/** Compile-time equality of two types. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(_proof?: T): void {}

export async function main(): Promise<void> {
  // init(): a no-op in Node, required once in browsers.
  const ready: Promise<void> = init();
  await ready;
  await init(new URL('https://example.com/ncpcert_bg.wasm'));

  // sign / verify
  const signature: string = sign('POST', '/api/v2/certificate/requestPaidCertificateIssuance', 1700000000000,
    'EXAMPLEAK0000000NCP1', 'EXAMPLESECRET00000000000000000000NCPSK01');
  const ok: boolean = verify('POST', '/x', 1700000000000, 'AK', 'SK', signature);
  // @ts-expect-error the timestamp is a number, not a string
  sign('GET', '/x', '1700000000000', 'AK', 'SK');
  // @ts-expect-error verify needs the signature
  verify('GET', '/x', 1700000000000, 'AK', 'SK');

  // Signer
  const options: SignerOptions = {
    accessKey: 'AK',
    secretKey: 'SK',
    now: () => Date.now(),
    clockOffsetMs: -1500,
  };
  const signer = new Signer(options);
  const minimal = new Signer({ accessKey: 'AK', secretKey: 'SK' });
  const fromEnv: Signer = Signer.fromEnv({ configureFile: '/etc/ncloud/configure', clockOffsetMs: 0 });
  fromEnv.free();
  const fromDefaults: Signer = Signer.fromEnv();
  fromDefaults.free();
  // @ts-expect-error the keys come from the environment, never as options
  Signer.fromEnv({ accessKey: 'AK' });
  // @ts-expect-error secretKey is required
  new Signer({ accessKey: 'AK' });
  const ak: string = signer.accessKey;
  // @ts-expect-error accessKey is read-only
  signer.accessKey = 'other';
  const headers: SignatureHeaders = signer.headers('GET', '/api/v1/certificates');
  const withTs: SignatureHeaders = minimal.headers('GET', '/api/v1/certificates', 1700000000000);
  const tsHeader: string = headers['x-ncp-apigw-timestamp'];
  const akHeader: string = withTs['x-ncp-iam-access-key'];
  const sigHeader: string = withTs['x-ncp-apigw-signature-v2'];

  // wrapFetch keeps the type of the fetch it wraps.
  const signedFetch: typeof fetch = signer.wrapFetch(fetch);
  const res: Response = await signedFetch('https://certificatemanager.apigw.ntruss.com/api/v1/certificates', {
    method: 'GET',
  });
  const custom = signer.wrapFetch(async (url: string, init?: { method?: string }) => ({ url, method: init?.method }));
  const customResult: { url: string; method: string | undefined } = await custom('https://h/x', { method: 'PUT' });
  assertType<Equals<typeof custom, (url: string, init?: { method?: string }) => Promise<{ url: string; method: string | undefined }>>>();

  // validate / prepare
  const csrText: string = readFileSync('../../../tests/data/sample.csr.pem', 'utf8');
  const certificateType: CertificateType = 'DV';
  const otherType: CertificateType = 'ncp_paid_dv_01';
  const method: ValidationMethod = 'PD';
  const request: CertificateRequest = {
    csr: csrText,
    certificateType,
    certificateName: 'www-example',
    commonName: 'www.example.com',
    dnsName: ['www.example.com', 'example.com'],
    validationMethod: method,
  };
  const ovRequest: CertificateRequest = {
    csr: new Uint8Array(readFileSync('../../../tests/data/own/rsa-2048.der')),
    certificateType: 'NCP_PAID_OV_01',
    certificateName: 'corp-ov',
    commonName: 'www.example.com',
    validationMethod: 'D',
    organizationNo: 12345,
    extra: { subscriptionPeriod: 12 },
  };
  // @ts-expect-error commonName is required
  const missing: CertificateRequest = { csr: csrText, certificateType: 'DV', certificateName: 'x', validationMethod: 'D' };
  const validateOptions: ValidateOptions = { strict: true };
  const report: Report = validate(request, validateOptions);
  const loose: Report = validate({ csr: 5, anything: true });
  const valid: boolean = report.valid;
  const findings: Finding[] = [...report.findings, ...loose.findings];
  for (const f of findings) {
    const severity: Severity = f.severity;
    const text: string = `${f.code} ${f.field} ${f.message}`;
    if (severity === 'error') console.log(text);
  }
  const site: SiteName = 'gov';
  const prepareOptions: PrepareOptions = { site, strict: false };
  const custom2: PrepareOptions = { baseUrl: 'http://127.0.0.1:8080/proxy' };
  // @ts-expect-error unknown site
  prepare(request, { site: 'mars' });
  const prepared: PreparedRequest = prepare(request, prepareOptions);
  const prepared2: PreparedRequest = prepare(ovRequest, custom2);
  const p1: string = prepared.method + prepared.url + prepared.path + prepared.body;
  const contentType: string | undefined = prepared.headers['Content-Type'];
  const warnings: Finding[] = prepared2.warnings;

  const signed: SignedRequest = signer.signRequest(prepared);
  const signedAt: SignedRequest = signer.signRequest(prepared2, 1700000000000);
  const ts: number = signed.timestampMs + signedAt.timestampMs;
  const sendHeaders: Record<string, string> = signed.headers;
  await fetch(signed.url, { method: signed.method, headers: sendHeaders, body: signed.body });

  // inspectCsr
  const csr: CsrReport = inspectCsr(csrText);
  const csrFromBytes: CsrReport = inspectCsr(new Uint8Array([0x30]));
  const subject: CsrSubject = csr.subject;
  const cns: string[] = subject.commonNames;
  const org: string | null = subject.organization ?? subject.organizationalUnit ?? subject.country ?? subject.state ?? subject.locality;
  const san: SanEntry[] = csr.san;
  const kinds: SanEntry['kind'][] = san.map((s) => s.kind);
  const key: CsrKey = csrFromBytes.key;
  const keyInfo: [string, number | null, string | null, number | null] = [key.algorithm, key.bits, key.curve, key.rsaExponent];
  const sigValid: boolean | null = csr.signatureValid;
  const csrText2: string = csr.canonicalPem + csr.fingerprintSha256 + csr.signatureAlgorithm;
  const hasSan: boolean = csr.hasSanExtension;
  const csrFindings: Finding[] = csr.findings;

  // parseResponse
  const response: IssuanceResponse = parseResponse(200, '{}');
  const fromBytes: IssuanceResponse = parseResponse(200, new Uint8Array(0));
  const cert: PaidCertificate = response.paidCertificate;
  const status: CertificateStatusName = cert.status;
  const certNo: number = cert.certificateNo;
  const statusCode: number = cert.statusCode;
  const texts: string[] = [cert.requestSn, cert.certificateName, cert.statusName, cert.regDate, response.returnCode, response.returnMessage];
  const vm: string | null | undefined = cert.validationMethod;
  const orgNo: number | null | undefined = fromBytes.paidCertificate.organizationNo;
  const rows: number | null | undefined = response.totalRows;
  const unknownField: unknown = response['requestId'];
  // @ts-expect-error status names are a closed set
  const badStatus: CertificateStatusName = 'DONE';

  // Errors
  try {
    prepare(request);
  } catch (e: unknown) {
    if (e instanceof NcpValidationError) {
      const errs: Finding[] = e.errors;
      const warns: Finding[] = e.warnings;
      const all: Finding[] = e.findings;
      const code: string = e.code;
      console.log(errs.length + warns.length + all.length, code, e.message);
    } else if (e instanceof NcpSigningError) {
      const base: NcpError = e;
      const asError: Error = e;
      console.log(base.code, asError.name);
    } else if (e instanceof NcpCsrError) {
      const field: string = e.field;
      console.log(field, e.code);
    } else if (e instanceof NcpApiError) {
      const kind: ApiErrorKind = e.kind;
      const httpStatus: number = e.httpStatus;
      const details: string | null = e.details;
      const retryable: boolean = e.retryable;
      const outcome: Outcome = e.outcome;
      const resendable: boolean = e.resendable;
      const ambiguous: boolean = e.ambiguous;
      const hint: string = e.hint;
      console.log(kind, httpStatus, details, retryable, outcome, resendable, ambiguous, hint, e.code);
      // @ts-expect-error httpStatus is read-only
      e.httpStatus = 500;
    } else if (e instanceof NcpError) {
      const code: string = e.code;
      console.log(code);
    }
  }
  assertType<Equals<ApiErrorKind, 'gateway' | 'service' | 'http' | 'malformed'>>();
  assertType<Equals<Outcome, 'resendable' | 'ambiguous' | 'final'>>();

  // The lookup of SPEC §12.
  const query: ListAdvancedCertificatesQuery = { certificateName: 'www-example', page: 1, pageSize: 20 };
  const lookup: PreparedRequest = listAdvancedCertificates(query, { baseUrl: 'http://127.0.0.1:1' });
  const lookupBody: string | null = lookup.body;
  const list: CertificateList = parseCertificateList(200, '{}', { name: 'www-example' });
  const found: CertificateSummary | null | undefined = list.match;
  const firstOrder: CertificateOrder | undefined = list.orders[0];
  const names: string[] = firstOrder ? firstOrder.certificates.flatMap((c) => c.dnsName) : [];
  const afterConnectError: Outcome = transportOutcome({ written: false });
  // @ts-expect-error written is required
  transportOutcome({});
  console.log(lookupBody, found?.certificateNo, names, afterConnectError, listAdvancedCertificates().url);
  assertType<Equals<Severity, 'error' | 'warning'>>();

  // After the request (SPEC §12): domain validation, the chain, organisations.
  const at: CallSiteOptions = { baseUrl: 'http://127.0.0.1:1' };
  const no: CertificateNo = 1000;
  const bigNo: CertificateNo = 9007199254740993n;
  const domains: string[] = validationDomains(['*.example.com', ...(found ? found.dnsName : [])]);
  const frozen: readonly string[] = Object.freeze(['example.com']);
  validationDomains(frozen);
  // @ts-expect-error the names are a list, not one string
  validationDomains('example.com');
  const dcvCall: ListDcvStatusesOptions = { certificateNo: no, domainAddress: domains[0] ?? 'example.com' };
  const dcvRequest: PreparedRequest = listDcvStatuses(dcvCall, at);
  listDcvStatuses({ certificateNo: bigNo, domainAddress: 'example.com' });
  // @ts-expect-error domainAddress is required
  listDcvStatuses({ certificateNo: no });
  // @ts-expect-error certificateNo is a number, not its text
  listDcvStatuses({ certificateNo: '1000', domainAddress: 'example.com' });
  const dcv: DcvStatuses = parseDcvStatuses(200, '{}', { domain: 'example.com' });
  const dcvFromBytes: DcvStatuses = parseDcvStatuses(200, new Uint8Array(0));
  const records: DcvRecord[] = [...dcv.dnsVerificationList, ...dcvFromBytes.dnsVerificationList];
  for (const r of records) {
    const state: DcvState = r.state;
    const publishAt: string | undefined = r.recordName;
    const value: string | null = r.txtValue;
    const from: string | null = r.valueField;
    const type: 'TXT' = r.recordType;
    const sn: string | null = r.validSn;
    const code: string = r.validStatusCode;
    const raw: unknown = r['someOtherName'];
    console.log(state, publishAt, value, from, type, sn, code, raw, r.txtName, r.requestSn);
  }
  const dcvRows: number | null = dcv.totalRows;
  const dcvExtra: unknown = dcv['emailVerificationList'];
  assertType<Equals<DcvState, 'success' | 'pending' | 'timeout' | 'unknown'>>();

  const chainRequest: PreparedRequest = getCertificateChain({ certificateNo: no }, { site: 'public' });
  // @ts-expect-error certificateNo is required
  getCertificateChain({});
  const chain: CertificateChain = parseCertificateChain(200, new Uint8Array(0));
  const files: CertificateFiles = chain.files;
  const certPem: string = files['cert.pem'];
  const fullchain: string | undefined = files['fullchain.pem'];
  const pems: (string | null)[] = [chain.certificate, chain.subCaCertificate, chain.rootCaCertificate, chain.subjectCommonName];
  for (const [file, text] of Object.entries(chain.files)) console.log(file, text.length);

  const filters: ListOrganizationsFilters = { verificationProgressCode: 7, organizationNameEng: 'Example Corp' };
  const orgsRequest: PreparedRequest = listOrganizations(filters, at);
  const allOrgs: PreparedRequest = listOrganizations();
  // @ts-expect-error the code is a number
  listOrganizations({ verificationProgressCode: '7' });
  const orgList: OrganizationList = parseOrganizations(200, '[]');
  const orgs: Organization[] = orgList.organizations;
  const validatedNos: number[] = orgs.filter((o) => o.validated).map((o) => o.organizationNo);
  const progress: VerificationProgressName | undefined = orgs[0]?.verificationProgress;
  const orgCode: number | null | undefined = orgs[0]?.verificationProgressCode;
  const wrapper: string | null = orgList.listField;
  const orgReturnCode: string | null = orgList.returnCode;
  console.log(dcvRequest.url, dcvRows, dcvExtra, chainRequest.body, certPem, fullchain, pems, orgsRequest.body,
    allOrgs.method, validatedNos, progress, orgCode, wrapper, orgReturnCode, orgs[0]?.['memberNo']);

  // The order workflow (SPEC §14).
  const orderOptions: PlaceOrderOptions = { signer, baseUrl: 'http://127.0.0.1:1', retries: 2, timeoutMs: 10_000 };
  const placed: PlacedOrder = await placeOrder(request, orderOptions);
  const path: OrderPath = placed.path;
  const placedNo: number = placed.certificateNo;
  const placedTexts: string[] = [placed.certificateName, placed.status, placed.statusName, placed.orderId ?? ''];
  const attempts: number = placed.attempts;
  const listed: CertificateSummary | null = placed.certificate;
  const answer: IssuanceResponse | null = placed.answer;
  for (const step of placed.steps) {
    const s: OrderStep = step;
    if (s.step === 'send') {
      const failure: CallFailure | undefined = s.error;
      if (failure?.type === 'transport') {
        const written: boolean = failure.written;
        console.log(written);
      }
      console.log(s.attempt, s.httpStatus, s.outcome);
    } else if (s.step === 'lookup') {
      console.log(s.page, s.found, s.certificateNo);
    }
  }
  // The default fetch, or any function called like it.
  const ownFetch: FetchLike = async () => new Response('{}', { status: 200 });
  await placeOrder({ ...request, certificateName: 'other' }, { signer, fetch: ownFetch, site: 'public' });
  await placeOrder(request, { signer, fetch });
  // @ts-expect-error the signer is required
  await placeOrder(request, { baseUrl: 'http://127.0.0.1:1' });
  // @ts-expect-error timeoutMs is a number of milliseconds
  await placeOrder(request, { signer, timeoutMs: '30s' });
  try {
    await placeOrder(request, { signer });
  } catch (e: unknown) {
    if (e instanceof NcpOrderError) {
      const code: OrderErrorCode = e.code;
      const base: NcpError = e;
      const hint: string = e.hint;
      const no: number | null = e.certificateNo;
      const name: string = e.certificateName;
      const steps: OrderStep[] = e.steps;
      const cause = e.cause;
      if (cause instanceof NcpApiError) console.log(cause.outcome);
      else if (cause) console.log(cause.written, cause.outcome);
      if (code === 'order.name_taken') console.log(hint, no, name, steps.length, base.message);
    }
  }
  console.log(path, placedNo, placedTexts, attempts, listed, answer);

  // `ncpcert/order`: the same placeOrder and the same error classes as the main entry's.
  await initOrder();
  await orderEntry.init('https://example.com/ncpcert_wasm_order_bg.wasm');
  const entryOptions: OrderEntryOptions = orderOptions;
  const fromEntry: OrderEntryPlaced = await orderEntry.placeOrder(request, entryOptions);
  const sameResult: Equals<typeof fromEntry, PlacedOrder> = true;
  const sameClass: Equals<typeof orderEntry.NcpOrderError, typeof NcpOrderError> = true;
  const sameFunction: Equals<typeof orderEntry.placeOrder, typeof placeOrder> = true;
  try {
    await orderEntry.placeOrder(request, { signer, fetch: ownFetch });
  } catch (e: unknown) {
    if (e instanceof orderEntry.NcpOrderError) {
      const code: OrderErrorCode = e.code;
      const base: orderEntry.NcpError = e;
      console.log(code, base.message);
    }
  }
  // @ts-expect-error ncpcert/order has placeOrder, not the rest of the API
  orderEntry.prepare(request);

  // `ncpcert/keys`: a key and a CSR; the same error classes as the main entry's.
  await initKeys();
  const algorithm: KeysAlgorithm = 'p384';
  const keyPem: string = await keysEntry.generateKey(algorithm);
  const madeCsr: string = await keysEntry.makeCsr(await keysEntry.generateKey(), ['www.example.com']);
  const pending: Promise<string> = keysEntry.makeCsr(keyPem, ['www.example.com']);
  const sameKeysClass: Equals<typeof keysEntry.NcpValidationError, typeof NcpValidationError> = true;
  // @ts-expect-error async: a promise, not the PEM itself
  const notYet: string = keysEntry.generateKey(algorithm);
  // @ts-expect-error only the algorithms ncpcert makes
  await keysEntry.generateKey('rsa1024');
  // @ts-expect-error names are a list
  await keysEntry.makeCsr(keyPem, 'www.example.com');
  console.log(pending, notYet);
  console.log(madeCsr, sameKeysClass);
  console.log(sameResult, sameClass, sameFunction);

  signer.free();
  minimal.free();

  console.log(ok, ak, tsHeader, akHeader, sigHeader, res.status, customResult, otherType, missing, valid, p1,
    contentType, warnings, ts, cns, org, kinds, keyInfo, sigValid, csrText2, hasSan, csrFindings, status, certNo,
    statusCode, texts, vm, orgNo, rows, unknownField, badStatus);
}
