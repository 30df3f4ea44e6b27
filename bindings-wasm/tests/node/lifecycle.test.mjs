// After the request (SPEC §12): ListDcvStatuses, GetCertificateChain and ListOrganizations,
// each built by the package, signed with its Signer, sent with fetch to the mock NCP
// (tests/mock_ncp/server.py, a separate reading of the spec that verifies every signature
// from its raw request line) and read back by the package. Expected values come from the
// mock's raw answers, node:crypto and the openssl command, never from the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ncp from 'ncpcert';
import { DATA_DIR, TESTS_DIR, assertNcpError, sampleRequest, show, startMock, thrown } from './helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const [[AK, SK]] = Object.entries(JSON.parse(readFileSync(join(ROOT, 'tests/mock_ncp/keys.example.json'), 'utf8')));
const CSR = join(DATA_DIR, 'sample.csr.pem');
const NAMES = ['www.example.com', 'example.com']; // commonName, dnsName of sampleRequest()

const signer = new ncp.Signer({ accessKey: AK, secretKey: SK });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The mock NCP, one subprocess per configuration (startMock, helpers.mjs).

const mocks = {};
before(async () => {
  const configs = {
    // A prefix, so that every URL is built from a custom base with a path.
    main: ['--prefix', '/ncp', '--extra-fields'],
    // The TXT value under another name the core knows, and organisations as a bare list.
    alt: ['--txt-value-field', 'dcvValue', '--org-wrapper', 'bare'],
    // The TXT value under a name the core does not know.
    odd: ['--txt-value-field', 'someOtherName'],
    // For the README's example, which only prints the records.
    auto: ['--auto-validate'],
  };
  await Promise.all(Object.entries(configs).map(async ([name, args]) => (mocks[name] = await startMock(args))));
});
after(async () => {
  await Promise.all(Object.values(mocks).map((m) => m.stop()));
});

/**
 * Signs `prepared` with the package's Signer and sends it with fetch; fails unless the mock
 * answered `expect` (200 by default: a 401 would mean the signature did not verify).
 */
async function send(prepared, { expect = 200, by = signer, headers = {} } = {}) {
  const signed = by.signRequest(prepared);
  const res = await fetch(signed.url, {
    method: signed.method,
    headers: { ...signed.headers, ...headers },
    body: signed.body,
  });
  const body = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(body);
  if (expect !== undefined) {
    assert.equal(res.status, expect, `${signed.method} ${signed.path} -> ${res.status} ${text.slice(0, 500)}`);
  }
  return { status: res.status, body, text };
}

/** One of the mock's own (unsigned) test hooks: POST /_mock/dns or /_mock/fail. */
async function hook(mock, name, payload) {
  const res = await fetch(`${mock.url}/_mock/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `hook ${name}: ${text}`);
  return JSON.parse(text);
}

/** Places an order for the sample request named `name`; its `paidCertificate`. */
async function order(mock, name) {
  const prepared = ncp.prepare(sampleRequest({ certificateName: name }), { baseUrl: mock.url });
  const res = await send(prepared);
  const paid = ncp.parseResponse(res.status, res.body).paidCertificate;
  assert.equal(paid.status, 'ONGOING');
  assert.equal(paid.certificateNo, JSON.parse(res.text).paidCertificate.certificateNo);
  return paid;
}

/** ListDcvStatuses for each name, sent and read for that name: `[{domain, answer, raw}]`. */
async function dcv(mock, certificateNo) {
  const out = [];
  for (const domain of ncp.validationDomains(NAMES)) {
    const prepared = ncp.listDcvStatuses({ certificateNo, domainAddress: domain }, { baseUrl: mock.url });
    const res = await send(prepared);
    out.push({ domain, answer: ncp.parseDcvStatuses(res.status, res.body, { domain }), raw: JSON.parse(res.text) });
  }
  return out;
}

/** The listing's certificate named `name` (package-parsed) and its raw item. */
async function lookUp(mock, name) {
  const res = await send(ncp.listAdvancedCertificates({ certificateName: name }, { baseUrl: mock.url }));
  const list = ncp.parseCertificateList(res.status, res.body, { name });
  return { list, match: list.match, raw: JSON.parse(res.text) };
}

/** Polls the listing until the certificate leaves ONGOING (or 5 s have passed). */
async function waitForStatus(mock, name) {
  for (let i = 0; ; i++) {
    const { match } = await lookUp(mock, name);
    if (match && match.status !== 'ONGOING') return match;
    if (i === 100) assert.fail(`${name} is still ${match?.status}`);
    await sleep(50);
  }
}

/** A PEM text with LF line endings and one final newline, from what the mock sent (CRLF). */
const lf = (pem) => `${pem.split(/\r\n|\r|\n/).filter((l) => l !== '').join('\n')}\n`;

/** The DER of a one-certificate PEM: its base64 lines, decoded by Node. */
function derOf(pem) {
  const lines = pem.trim().split('\n');
  assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
  assert.equal(lines.at(-1), '-----END CERTIFICATE-----');
  return Buffer.from(lines.slice(1, -1).join(''), 'base64');
}

// ---------------------------------------------------------------------------------------------

test('a whole order: request, DNS records to publish, validation, chain files', async () => {
  const mock = mocks.main;
  const name = 'lifecycle-web';
  const paid = await order(mock, name);
  const no = paid.certificateNo;

  assert.deepEqual(ncp.validationDomains(NAMES), ['www.example.com', 'example.com']);
  const prepared = ncp.listDcvStatuses({ certificateNo: no, domainAddress: 'www.example.com' }, { baseUrl: mock.url });
  assert.equal(prepared.method, 'GET');
  assert.equal(prepared.body, null);
  assert.equal(prepared.path, `/ncp/api/v2/certificate/getVerificationInfo/${no}?domainAddress=www.example.com`);
  assert.equal(prepared.url, new URL(mock.url).origin + prepared.path);
  assert.equal(prepared.headers.Accept, 'application/json');

  // The records, before anything is published: pending, each with the name and value to publish.
  const before = await dcv(mock, no);
  const toPublish = [];
  for (const { domain, answer, raw } of before) {
    assert.equal(answer.returnCode, '0');
    assert.equal(answer.dnsVerificationList.length, 1, domain);
    const [record] = answer.dnsVerificationList;
    const [sent] = raw.dnsVerificationList;
    assert.equal(record.state, 'pending');
    assert.equal(record.validStatusCode, 'VALID_STATUS_REG');
    assert.equal(record.validSn, String(sent.validSn), 'validSn as text');
    assert.equal(record.txtName, sent.txtName);
    assert.equal(record.txtValue, sent.txtValue);
    assert.equal(record.valueField, 'txtValue');
    assert.equal(record.recordType, 'TXT');
    assert.equal(record.requestSn, paid.requestSn);
    assert.ok(record.recordName === domain || record.recordName.endsWith(`.${domain}`), record.recordName);
    assert.equal(answer.dnsVerificationCount, raw.dnsVerificationCount, 'top-level fields kept');
    assert.deepEqual(answer.emailVerificationList, []);
    toPublish.push(record);
  }
  assert.equal((await lookUp(mock, name)).match.status, 'ONGOING');

  // "The user publishes them": the names and values exactly as the package returned them.
  let validated = [];
  for (const record of toPublish) {
    validated = (await hook(mock, 'dns', { name: record.recordName, value: record.txtValue })).validated;
  }
  assert.deepEqual(validated, [no], 'the last record published validates the order');

  const issued = await waitForStatus(mock, name);
  assert.equal(issued.status, 'NORMAL');
  assert.equal(issued.certificateNo, no);
  for (const { answer } of await dcv(mock, no)) {
    assert.deepEqual(answer.dnsVerificationList.map((r) => r.state), ['success']);
  }

  // The chain (certificateNo as a bigint: converted exactly).
  const chainCall = ncp.getCertificateChain({ certificateNo: BigInt(no) }, { baseUrl: mock.url });
  assert.equal(chainCall.method, 'GET');
  assert.equal(chainCall.path, `/ncp/api/v2/certificate/exportCertificate/${no}/chain`);
  const res = await send(chainCall);
  const raw = JSON.parse(res.text);
  assert.match(raw.certificate, /\r\n/, 'the mock sends CRLF, as NCP does');
  const chain = ncp.parseCertificateChain(res.status, res.body);
  assert.equal(chain.returnCode, '0');
  assert.equal(chain.subjectCommonName, 'www.example.com');
  assert.equal(chain.certificate, lf(raw.certificate));
  assert.equal(chain.subCaCertificate, lf(raw.subCaCertificate));
  assert.equal(chain.rootCaCertificate, lf(raw.rootCaCertificate));
  assert.deepEqual(Object.keys(chain.files), ['cert.pem', 'chain.pem', 'fullchain.pem', 'root.pem']);
  assert.equal(chain.files['cert.pem'], lf(raw.certificate));
  assert.equal(chain.files['chain.pem'], lf(raw.subCaCertificate));
  assert.equal(chain.files['fullchain.pem'], lf(raw.certificate) + lf(raw.subCaCertificate));
  assert.equal(chain.files['root.pem'], lf(raw.rootCaCertificate));
  for (const text of Object.values(chain.files)) assert.ok(!text.includes('\r'));

  // Independently: the files are real certificates, the leaf issued for the CSR's key and names.
  const leaf = new X509Certificate(derOf(chain.files['cert.pem']));
  const subCa = new X509Certificate(derOf(chain.files['chain.pem']));
  const root = new X509Certificate(derOf(chain.files['root.pem']));
  assert.match(leaf.subject, /^CN=www\.example\.com$/m);
  assert.deepEqual(leaf.subjectAltName.split(', ').sort(), ['DNS:example.com', 'DNS:www.example.com']);
  assert.equal(leaf.ca, false);
  assert.equal(subCa.ca, true);
  assert.ok(leaf.checkIssued(subCa) && leaf.verify(subCa.publicKey), 'the leaf is signed by the SubCA');
  assert.ok(subCa.checkIssued(root) && subCa.verify(root.publicKey), 'the SubCA is signed by the root');
  assert.ok(root.verify(root.publicKey), 'the root is self-signed');
  const csrKey = execFileSync('openssl', ['req', '-in', CSR, '-pubkey', '-noout'], { encoding: 'utf8' });
  const spki = (k) => k.export({ type: 'spki', format: 'der' });
  assert.deepEqual(spki(leaf.publicKey), spki(createPublicKey(csrKey)), "the leaf carries the CSR's key");
});

test('an order failed through the mock shows VALIDATION_FAILED, timed-out records and no chain', async () => {
  const mock = mocks.main;
  const name = 'lifecycle-failed';
  const { certificateNo } = await order(mock, name);
  const failed = await hook(mock, 'fail', { certificateNo, reason: 'TXT record not found' });
  assert.equal(failed.statusName, 'VALIDATION_FAILED');

  const { match, raw } = await lookUp(mock, name);
  assert.equal(match.status, 'VALIDATION_FAILED');
  assert.equal(match.statusCode, -3);
  assert.equal(raw.orders[0].certificates[0].statusCode, '-3');
  for (const { answer } of await dcv(mock, certificateNo)) {
    assert.deepEqual(answer.dnsVerificationList.map((r) => [r.state, r.validStatusCode]), [['timeout', 'VALID_STATUS_TIMEOUT']]);
  }

  const res = await send(ncp.getCertificateChain({ certificateNo }, { baseUrl: mock.url }), { expect: 400 });
  const e = thrown(() => ncp.parseCertificateChain(res.status, res.body), 'chain of a failed order');
  assertNcpError(e, ncp.NcpError, ncp.NcpApiError, 'chain of a failed order');
  assert.equal(e.kind, 'service');
  assert.equal(e.code, JSON.parse(res.text).returnCode);
});

test('unknown fields are kept in every parsed answer (mock --extra-fields)', async () => {
  const mock = mocks.main;
  const name = 'lifecycle-extra';
  const { certificateNo } = await order(mock, name);
  const FUTURE = { nested: [1, 'x'] };
  const kept = (obj, where) => {
    assert.deepEqual(obj.futureField, FUTURE, `${where}: futureField`);
    assert.equal(typeof obj.mockNote, 'string', `${where}: mockNote`);
  };

  for (const { domain, answer, raw } of await dcv(mock, certificateNo)) {
    assert.deepEqual(raw.futureField, FUTURE, 'the mock did send it');
    kept(answer, `ListDcvStatuses ${domain}`);
    kept(answer.dnsVerificationList[0], `ListDcvStatuses ${domain} record`);
    await hook(mock, 'dns', { name: answer.dnsVerificationList[0].recordName, value: answer.dnsVerificationList[0].txtValue });
  }
  const { list } = await lookUp(mock, name);
  kept(list.orders[0], 'ListAdvancedCertificates order');
  kept(list.match, 'ListAdvancedCertificates certificate');
  assert.equal(list.match.status, 'NORMAL');

  const chainRes = await send(ncp.getCertificateChain({ certificateNo }, { baseUrl: mock.url }));
  kept(ncp.parseCertificateChain(chainRes.status, chainRes.body), 'GetCertificateChain');

  const orgRes = await send(ncp.listOrganizations({}, { baseUrl: mock.url }));
  const orgs = ncp.parseOrganizations(orgRes.status, orgRes.body);
  kept(orgs, 'ListOrganizations');
  for (const org of orgs.organizations) kept(org, `organisation ${org.organizationNo}`);
});

test('ListOrganizations: the default envelope and a bare list both parse, validated ones marked', async () => {
  const all = ncp.listOrganizations(undefined, { baseUrl: mocks.alt.url });
  assert.equal(all.method, 'POST');
  assert.equal(all.body, '{}', 'NCP requires a body even without filters');
  assert.equal(all.path, '/api/v2/organization/getOrganizationInfoList');
  assert.equal(all.headers['Content-Type'], 'application/json');

  const want = (raw) =>
    raw.map((o) => ({
      organizationNo: o.organizationNo,
      organizationNameEng: o.organizationNameEng,
      businessRegistrationNo: o.businessRegistrationNo,
      verificationProgressCode: Number(o.verificationProgressCode),
      validated: String(o.verificationProgressCode) === '7',
    }));
  const got = (list) =>
    list.organizations.map((o) => ({
      organizationNo: o.organizationNo,
      organizationNameEng: o.organizationNameEng,
      businessRegistrationNo: o.businessRegistrationNo,
      verificationProgressCode: o.verificationProgressCode,
      validated: o.validated,
    }));

  // Envelope (the default).
  const envRes = await send(ncp.listOrganizations(null, { baseUrl: mocks.main.url }));
  const envRaw = JSON.parse(envRes.text);
  assert.ok(Array.isArray(envRaw.organizationInfoList));
  const env = ncp.parseOrganizations(envRes.status, envRes.body);
  assert.equal(env.returnCode, '0');
  assert.equal(env.listField, 'organizationInfoList');
  assert.equal(env.totalRows, envRaw.totalRows);
  assert.deepEqual(got(env), want(envRaw.organizationInfoList));
  assert.deepEqual(env.organizations.map((o) => o.verificationProgress), ['VALIDATED', 'DOCUMENT_CHECK', 'FAILED']);
  assert.equal(env.organizations.filter((o) => o.validated).length, 1);
  assert.equal(env.organizations[0].memberNo, envRaw.organizationInfoList[0].memberNo, 'unknown fields kept');

  // A bare list.
  const bareRes = await send(all);
  const bareRaw = JSON.parse(bareRes.text);
  assert.ok(Array.isArray(bareRaw), 'the mock answered a bare list');
  const bare = ncp.parseOrganizations(bareRes.status, bareRes.body);
  assert.equal(bare.returnCode, null);
  assert.equal(bare.listField, null);
  assert.deepEqual(got(bare), want(bareRaw));
  assert.deepEqual(got(bare).map((o) => o.validated), [true, false, false]);

  // Filters go in the body, and the mock applies them.
  const validatedOnly = ncp.listOrganizations({ verificationProgressCode: 7 }, { baseUrl: mocks.main.url });
  assert.equal(validatedOnly.body, '{"verificationProgressCode":7}');
  const vRes = await send(validatedOnly);
  assert.deepEqual(ncp.parseOrganizations(vRes.status, vRes.body).organizations.map((o) => [o.organizationNo, o.validated]), [
    [env.organizations[0].organizationNo, true],
  ]);
  const byName = await send(ncp.listOrganizations({ organizationNameEng: 'Documents Pending Corp' }, { baseUrl: mocks.main.url }));
  assert.deepEqual(ncp.parseOrganizations(byName.status, byName.body).organizations.map((o) => o.verificationProgress), ['DOCUMENT_CHECK']);
});

test('the TXT value under another field: a name the core knows gives txtValue, an unknown one null plus the raw field', async () => {
  // The core's own list of field names, read from its source (so that the cases below keep
  // meaning what they say if the list changes).
  const source = readFileSync(join(ROOT, 'core/src/operations/dcv.rs'), 'utf8');
  const listed = /pub const TXT_VALUE_FIELDS: \[&str; \d+\] = \[([^\]]*)\]/.exec(source);
  assert.ok(listed, 'TXT_VALUE_FIELDS found in core/src/operations/dcv.rs');
  const known = [...listed[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(known.includes('dcvValue') && !known.includes('someOtherName'), known.join(' '));

  for (const [mock, field] of [
    [mocks.alt, 'dcvValue'],
    [mocks.odd, 'someOtherName'],
  ]) {
    const name = `lifecycle-${field}`;
    const { certificateNo } = await order(mock, name);
    for (const { domain, answer, raw } of await dcv(mock, certificateNo)) {
      const [record] = answer.dnsVerificationList;
      const token = raw.dnsVerificationList[0][field];
      assert.equal(typeof token, 'string');
      assert.equal('txtValue' in raw.dnsVerificationList[0], false, 'the mock sent no txtValue');
      assert.equal(record[field], token, `${field} kept as sent (${domain})`);
      if (known.includes(field)) {
        assert.equal(record.txtValue, token);
        assert.equal(record.valueField, field);
      } else {
        assert.equal(record.txtValue, null);
        assert.equal(record.valueField, null);
      }
      // The value is there to publish either way.
      await hook(mock, 'dns', { name: record.recordName, value: record[field] });
    }
    assert.equal((await waitForStatus(mock, name)).status, 'NORMAL', field);
  }
});

test('the mock refuses what is not signed right, and the parsers report it as NcpApiError', async () => {
  const wrong = new ncp.Signer({ accessKey: AK, secretKey: `${SK}x` });
  const cases = [
    [ncp.listDcvStatuses({ certificateNo: 1000, domainAddress: 'example.com' }, { baseUrl: mocks.odd.url }), ncp.parseDcvStatuses],
    [ncp.getCertificateChain({ certificateNo: 1000 }, { baseUrl: mocks.odd.url }), ncp.parseCertificateChain],
    [ncp.listOrganizations({}, { baseUrl: mocks.odd.url }), ncp.parseOrganizations],
  ];
  for (const [prepared, parse] of cases) {
    const res = await send(prepared, { by: wrong, expect: 401 });
    const e = thrown(() => parse(res.status, res.body), prepared.path);
    assertNcpError(e, ncp.NcpError, ncp.NcpApiError, prepared.path);
    assert.equal(e.kind, 'gateway');
    assert.equal(e.code, '200');
    assert.equal(e.httpStatus, 401);
    assert.equal(e.outcome, 'final');
  }
  // The mock's truncated answers of each route's own shape.
  for (const [prepared, parse] of cases) {
    const res = await send(prepared, { headers: { 'x-mock-fault': 'malformed' } });
    const e = thrown(() => parse(res.status, res.body), `${prepared.path} malformed`);
    assertNcpError(e, ncp.NcpError, ncp.NcpApiError, prepared.path);
    assert.equal(e.kind, 'malformed');
  }
  // Unknown certificate: a service error.
  const res = await send(ncp.getCertificateChain({ certificateNo: 999_999 }, { baseUrl: mocks.odd.url }), { expect: 400 });
  const e = thrown(() => ncp.parseCertificateChain(res.status, res.body), 'unknown certificate');
  assert.equal(e.kind, 'service');
  assert.equal(e.code, '1006');
});

// ---------------------------------------------------------------------------------------------
// Arguments and answers the package must refuse cleanly.

/** Checks `fn` throws an NcpError with `code`, not a wasm trap or a TypeError. */
function refused(fn, code, where) {
  const e = thrown(fn, where);
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `${where}: a wasm trap (${show(e)})`);
  assertNcpError(e, ncp.NcpError, undefined, where);
  assert.equal(e.code, code, `${where}: ${show(e)}`);
  assert.doesNotMatch(e.message, /unreachable|RuntimeError|panicked/i, where);
  return e;
}

test('bad arguments throw NcpError with code argument.invalid, never a RuntimeError', () => {
  const dom = 'example.com';
  const badNumbers = [0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, -0, '1000', true, [1000], { n: 1 }, 0n, -1n, 2n ** 64n];
  const cases = [];
  for (const n of badNumbers) {
    cases.push([`listDcvStatuses certificateNo ${show(n)}`, () => ncp.listDcvStatuses({ certificateNo: n, domainAddress: dom })]);
    cases.push([`getCertificateChain certificateNo ${show(n)}`, () => ncp.getCertificateChain({ certificateNo: n })]);
  }
  for (const d of [undefined, null, '', ' ', 'a b.example.com', 'a\u0000b', 'a\nb', 'a'.repeat(300), 5, ['x'], 'a\uD800b', () => dom]) {
    cases.push([`listDcvStatuses domainAddress ${show(d)}`, () => ncp.listDcvStatuses({ certificateNo: 1000, domainAddress: d })]);
  }
  for (const call of [undefined, null, 5, 'x', [1000], {}, { certificateNo: 1000, domain: dom }, { certificateNo: 1000, domainAddress: dom, x: Symbol('x') }]) {
    cases.push([`listDcvStatuses(${show(call)})`, () => ncp.listDcvStatuses(call)]);
  }
  for (const call of [undefined, null, 5, 1000n, 'x', [], {}, { certificateNo: 1000, extra: 1 }]) {
    cases.push([`getCertificateChain(${show(call)})`, () => ncp.getCertificateChain(call)]);
  }
  for (const filters of [
    5,
    'x',
    [],
    { verificationProgressCode: '7' },
    { verificationProgressCode: 7.5 },
    { verificationProgressCode: Infinity },
    { verificationProgressCode: true },
    { organizationNameEng: '' },
    { organizationNameKor: ' ' },
    { businessRegistrationNo: 'a\nb' },
    { organizationNameEng: 5 },
    { organizationNameEng: 'a\uDC00' },
    { organizationNameEng: () => 'x' },
    { organizationName: 'x' },
  ]) {
    cases.push([`listOrganizations(${JSON.stringify(filters) ?? show(filters)})`, () => ncp.listOrganizations(filters)]);
  }
  for (const names of [undefined, null, 'example.com', 5, {}, [5], [null], ['a.com', {}], ['a\uD800.com']]) {
    cases.push([`validationDomains(${show(names)})`, () => ncp.validationDomains(names)]);
  }
  for (const [label, parse] of [
    ['parseDcvStatuses', ncp.parseDcvStatuses],
    ['parseCertificateChain', ncp.parseCertificateChain],
    ['parseOrganizations', ncp.parseOrganizations],
  ]) {
    for (const status of [-1, 65536, 1.5, '200', null, NaN]) {
      cases.push([`${label} status ${show(status)}`, () => parse(status, '{}')]);
    }
    for (const body of [5, {}, [], true]) cases.push([`${label} body ${show(body)}`, () => parse(200, body)]);
  }
  for (const opts of [5, 'x', { domain: 5 }, { domain: 'a\uD800' }]) {
    cases.push([`parseDcvStatuses options ${show(opts)}`, () => ncp.parseDcvStatuses(200, '{"returnCode":"0"}', opts)]);
  }
  for (const [where, fn] of cases) refused(fn, 'argument.invalid', where);

  // A site or base URL that cannot be used is its own code, as for every other call.
  for (const opts of [{ site: 'moon' }, { site: 5 }, { baseUrl: 5 }, { baseUrl: 'ftp://x' }]) {
    refused(() => ncp.listDcvStatuses({ certificateNo: 1, domainAddress: dom }, opts), 'site.invalid', `site ${JSON.stringify(opts)}`);
    refused(() => ncp.getCertificateChain({ certificateNo: 1 }, opts), 'site.invalid', `site ${JSON.stringify(opts)}`);
    refused(() => ncp.listOrganizations({}, opts), 'site.invalid', `site ${JSON.stringify(opts)}`);
  }

  // After all that, the module still works, and certificate numbers are converted exactly.
  const big = 2n ** 53n + 1n;
  assert.equal(ncp.getCertificateChain({ certificateNo: big }).path, `/api/v2/certificate/exportCertificate/${big}/chain`);
  assert.equal(
    ncp.listDcvStatuses({ certificateNo: 7, domainAddress: '*.Example.com' }).path,
    '/api/v2/certificate/getVerificationInfo/7?domainAddress=%2A.Example.com',
  );
  assert.equal(ncp.getCertificateChain({ certificateNo: Number.MAX_SAFE_INTEGER }).path, `/api/v2/certificate/exportCertificate/${Number.MAX_SAFE_INTEGER}/chain`);
  assert.equal(ncp.listOrganizations({ organizationNameEng: null }).body, '{}', 'null counts as absent');
  assert.deepEqual(ncp.validationDomains(['*.Example.com', 'example.com.', 'WWW.example.com', 'www.example.com']), [
    'example.com',
    'www.example.com',
  ]);
  assert.deepEqual(ncp.validationDomains([]), []);
});

test('hostile answers to each parser throw NcpApiError', () => {
  const enc = (s) => new TextEncoder().encode(s);
  const common = [
    [200, ''],
    [200, 'null'],
    [200, '"text"'],
    [200, '{'],
    [200, '{"returnCode":"0",'],
    [200, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    [200, '['.repeat(100_000)],
    [200, `{"returnCode":"0","x":"${'a'.repeat(10 * 1024 * 1024)}`],
    [200, '{"returnCode":"1006","returnMessage":"No certificate exists."}'],
    [200, '{"returnCode":{"a":1}}'],
    [401, '{"error":{"errorCode":"200","message":"Authentication Failed"}}'],
    [429, '{"error":{"errorCode":"410","message":"Throttle Limited"}}'],
    [403, ''],
    [500, '<html>oops</html>'],
    [204, ''],
  ];
  const B = '-----BEGIN CERTIFICATE-----';
  const E = '-----END CERTIFICATE-----';
  const own = {
    parseDcvStatuses: [
      '[]',
      '{"returnCode":"0","dnsVerificationList":{}}',
      '{"returnCode":"0","dnsVerificationList":[7]}',
      '{"returnCode":"0","dnsVerificationList":[{"txtName":["x"]}]}',
      '{"returnCode":"0","dnsVerificationList":[{"validSn":{"a":1}}]}',
      '{"dnsVerificationList":[]}',
    ],
    parseCertificateChain: [
      '{"returnCode":"0"}',
      '{"returnCode":"0","certificate":""}',
      '{"returnCode":"0","certificate":"hello"}',
      '{"returnCode":"0","certificate":7}',
      `{"returnCode":"0","certificate":"${B}\\nAAAA\\n${E}"}`,
      `{"returnCode":"0","certificate":"${B}\\n!!!!\\n${E}"}`,
      `{"returnCode":"0","certificate":"${B}\\nMAA=\\n"}`,
      `{"returnCode":"0","certificate":"${B}\\nMAA=\\n${E}\\n-----BEGIN PRIVATE KEY-----\\nMAA=\\n-----END PRIVATE KEY-----"}`,
      `{"returnCode":"0","certificate":"${B}\\nMAA=\\n${E}","subCaCertificate":"not a certificate"}`,
    ],
    parseOrganizations: [
      '{"returnCode":"0","organizationInfoList":{}}',
      '{"returnCode":"0","organizationInfoList":[7]}',
      '{"returnCode":"0","organizationInfoList":[{"organizationNo":"x"}]}',
      '[{"organizationNo":-1}]',
      '[{"organizationName":"no number"}]',
      '[{"organizationNo":1,"verificationProgressCode":"seven"}]',
      '{"organizations":[]}',
      '42',
    ],
  };
  for (const [label, parse] of [
    ['parseDcvStatuses', (s, b) => ncp.parseDcvStatuses(s, b, { domain: 'example.com' })],
    ['parseCertificateChain', ncp.parseCertificateChain],
    ['parseOrganizations', ncp.parseOrganizations],
  ]) {
    for (const [status, body] of [...common, ...own[label].map((b) => [200, b])]) {
      const where = `${label}(${status}, ${typeof body === 'string' ? body.slice(0, 80) : '<bytes>'})`;
      for (const given of typeof body === 'string' ? [body, enc(body)] : [body]) {
        const e = thrown(() => parse(status, given), where);
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${where}: ${show(e)}`);
        assertNcpError(e, ncp.NcpError, ncp.NcpApiError, where);
        assert.ok(['gateway', 'service', 'http', 'malformed'].includes(e.kind), `${where}: ${e.kind}`);
        assert.equal(e.httpStatus, status, where);
        assert.ok(e.hint.length > 0, where);
      }
    }
  }
  // And the answers that are fine even though empty.
  assert.deepEqual(ncp.parseDcvStatuses(200, '{"returnCode":0,"dnsVerificationList":null}').dnsVerificationList, []);
  assert.deepEqual(ncp.parseOrganizations(200, '[]').organizations, []);
});

// ---------------------------------------------------------------------------------------------
// The README's example, run as written.

/** The code block after `<!-- e2e: MARKER -->` in the package README. */
function readmeBlock(marker) {
  const readme = readFileSync(join(ROOT, 'bindings-wasm/js/README.md'), 'utf8');
  const tag = `<!-- e2e: ${marker} -->`;
  const at = readme.indexOf(tag);
  assert.ok(at >= 0, `no ${tag} in the README`);
  const start = readme.indexOf('```js\n', at) + '```js\n'.length;
  return readme.slice(start, readme.indexOf('\n```', start) + 1);
}

test('README "From request to certificate files" runs as written against the mock (--auto-validate)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ncpcert-readme-'));
  try {
    // Where `import … from "ncpcert"` resolves to the package under test.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(TESTS_DIR, 'node_modules', 'ncpcert'), join(dir, 'node_modules', 'ncpcert'), 'dir');
    writeFileSync(join(dir, 'order-certificate.mjs'), readmeBlock('place-order-fetch'));
    writeFileSync(join(dir, 'issue-certificate.mjs'), readmeBlock('lifecycle-fetch'));
    const { issueCertificate } = await import(pathToFileURL(join(dir, 'issue-certificate.mjs')).href);

    const out = join(dir, 'certs');
    const lines = [];
    const request = sampleRequest({ certificateName: 'readme-flow' });
    const result = await issueCertificate(signer, request, {
      baseUrl: mocks.auto.url,
      outDir: out,
      pollIntervalMs: 20,
      waitTimeoutMs: 20_000,
      log: (line) => lines.push(line),
    });
    assert.deepEqual(result.files.map((f) => f.slice(out.length + 1)), ['cert.pem', 'chain.pem', 'fullchain.pem', 'root.pem']);
    const read = (f) => readFileSync(join(out, f), 'utf8');
    assert.equal(read('fullchain.pem'), read('cert.pem') + read('chain.pem'));
    const leaf = new X509Certificate(read('cert.pem'));
    assert.match(leaf.subject, /^CN=www\.example\.com$/m);
    assert.ok(leaf.verify(new X509Certificate(read('chain.pem')).publicKey));
    // The records it printed: one per name, each a name, TXT and a value.
    const printed = lines.filter((l) => / TXT "/.test(l));
    assert.equal(printed.length, 2, lines.join('\n'));
    for (const domain of NAMES) assert.ok(printed.some((l) => l.trim().split(' ')[0].endsWith(domain)), lines.join('\n'));
    assert.match(lines.at(-1), /issued/);

    // A second run orders nothing: NCP says the name exists, and the lookup finds the first
    // run's certificate with this request's names, type and (issued) key, taken as this
    // request's (fetch may resend a POST by itself, so "the name exists" after the attempt is
    // looked up, SPEC §14). The files are there already: "wx" refuses to overwrite them.
    const again = [];
    await assert.rejects(
      issueCertificate(signer, request, { baseUrl: mocks.auto.url, outDir: out, pollIntervalMs: 20, waitTimeoutMs: 5_000, log: (l) => again.push(l) }),
      (e) => e.code === 'EEXIST' && e.path === join(out, 'cert.pem'),
    );
    assert.match(again[0], new RegExp(`^certificate ${result.certificateNo} ordered \\(NORMAL\\)`), again.join('\n'));
    assert.equal(read('fullchain.pem'), read('cert.pem') + read('chain.pem'), 'the files are untouched');
    assert.ok(new X509Certificate(read('cert.pem')).serialNumber === leaf.serialNumber, 'the same certificate');
    const { list } = await lookUp(mocks.auto, 'readme-flow');
    assert.equal(list.totalCount, 1, 'the second run ordered nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
