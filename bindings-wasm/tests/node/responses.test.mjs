// 5. Response vectors (tests/vectors/responses.json): parseResponse returns the expected
// fields or throws NcpApiError with the expected kind, code, retryable and httpStatus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ncp from 'ncpcert';
import { vectors, assertNcpError, thrown, TEN_MB } from './helpers.mjs';

const doc = vectors('responses.json');

const TOP_KNOWN = new Set(['returnCode', 'returnMessage', 'totalRows', 'paidCertificate']);
const CERT_KNOWN = new Set([
  'certificateNo', 'requestSn', 'certificateName', 'statusCode', 'statusName', 'status',
  'regDate', 'validationMethod', 'organizationNo',
]);
// Declared optional (`?:`) in index.d.ts: an absent property reads as null.
const OPTIONAL = new Set(['totalRows', 'validationMethod', 'organizationNo']);

const pick = (obj, known) => Object.fromEntries(Object.entries(obj).filter(([k]) => !known.has(k)));

function checkOk(v, body) {
  const r = ncp.parseResponse(v.http_status, body);
  assert.equal(typeof r, 'object');
  assert.equal(typeof r.paidCertificate, 'object', 'paidCertificate');
  assert.notEqual(r.paidCertificate, null, 'paidCertificate');
  const cert = r.paidCertificate;
  for (const [k, want] of Object.entries(v.expect)) {
    if (k === 'ok') continue;
    let got;
    if (k === 'extra') got = pick(r, TOP_KNOWN);
    else if (k === 'certificateExtra') got = pick(cert, CERT_KNOWN);
    else if (TOP_KNOWN.has(k)) got = r[k];
    else got = cert[k];
    if (want === null && OPTIONAL.has(k) && got === undefined) got = null;
    assert.deepStrictEqual(got, want, `${k}`);
  }
}

function checkErr(v, body) {
  const e = thrown(() => ncp.parseResponse(v.http_status, body), 'parseResponse');
  assertNcpError(e, ncp.NcpError, ncp.NcpApiError, 'parseResponse error');
  const x = v.expect;
  assert.equal(e.kind, x.kind, 'kind');
  assert.equal(e.code, x.code, 'code');
  assert.equal(e.retryable, x.retryable, 'retryable');
  assert.equal(e.outcome, x.outcome, 'outcome');
  assert.equal(e.resendable, x.outcome === 'resendable', 'resendable');
  assert.equal(e.ambiguous, x.outcome === 'ambiguous', 'ambiguous');
  assert.equal(e.retryable, e.resendable, 'retryable is resendable');
  assert.equal(e.httpStatus, x.httpStatus, 'httpStatus');
  if ('message' in x) assert.equal(e.message, x.message, 'message');
  if ('details' in x) assert.equal(e.details, x.details, 'details');
  if ('messageContains' in x) assert.ok(e.message.includes(x.messageContains), `message ${JSON.stringify(e.message)} contains ${JSON.stringify(x.messageContains)}`);
  if ('hintContains' in x) {
    assert.equal(typeof e.hint, 'string', 'hint is a string');
    assert.ok(e.hint.includes(x.hintContains), `hint ${JSON.stringify(e.hint)} contains ${JSON.stringify(x.hintContains)}`);
  }
  assert.equal(typeof e.hint, 'string', 'hint');
  assert.ok(e.hint.length > 0, 'hint non-empty');
  assert.ok(e.details === null || typeof e.details === 'string', 'details is string | null');
}

test('responses.json has vectors', () => {
  assert.ok(Array.isArray(doc.vectors) && doc.vectors.length >= 90);
});

for (const v of doc.vectors) {
  const check = v.expect.ok ? checkOk : checkErr;
  if ('body_base64' in v) {
    test(`response vector ${v.id} (Uint8Array)`, () => check(v, new Uint8Array(Buffer.from(v.body_base64, 'base64'))));
  } else {
    test(`response vector ${v.id} (string)`, () => check(v, v.body));
    test(`response vector ${v.id} (UTF-8 Uint8Array)`, () => check(v, new Uint8Array(Buffer.from(v.body, 'utf8'))));
  }
}

// The 10 MB body the vector file leaves to the test suites.
test('10 MB bodies: junk, huge gateway message, huge unknown field', () => {
  const junk = 'a'.repeat(TEN_MB);
  let e = thrown(() => ncp.parseResponse(200, junk), '10MB junk 200');
  assertNcpError(e, ncp.NcpError, ncp.NcpApiError, '10MB junk 200');
  assert.equal(e.kind, 'malformed');
  assert.equal(e.httpStatus, 200);
  assert.ok(e.message.length < 100_000, 'message is bounded');

  e = thrown(() => ncp.parseResponse(502, new Uint8Array(Buffer.from(junk))), '10MB junk 502');
  assertNcpError(e, ncp.NcpError, ncp.NcpApiError, '10MB junk 502');
  assert.equal(e.kind, 'http');
  assert.equal(e.outcome, 'ambiguous');
  assert.equal(e.retryable, false);
  assert.ok(e.details === null || e.details.length < 100_000, 'details is bounded');

  const huge = 'x'.repeat(TEN_MB);
  e = thrown(() => ncp.parseResponse(401, `{"error":{"errorCode":"200","message":"${huge}","details":"${huge}"}}`), '10MB gateway');
  assertNcpError(e, ncp.NcpError, ncp.NcpApiError, '10MB gateway');
  assert.equal(e.kind, 'gateway');
  assert.equal(e.code, '200');
  assert.ok(e.message.length < 100_000, 'message is bounded');

  const ok = `{"returnCode":"0","returnMessage":"success","totalRows":1,"paidCertificate":{"certificateNo":5,` +
    `"requestSn":"R","certificateName":"n","statusCode":"1","statusName":"NORMAL","regDate":"2026-01-01 00:00:00"},` +
    `"padding":"${huge}"}`;
  const r = ncp.parseResponse(200, ok);
  assert.equal(r.paidCertificate.certificateNo, 5);
  assert.equal(r.paidCertificate.status, 'NORMAL');
  assert.equal(r.padding, huge);

  // And the module still answers normally afterwards.
  e = thrown(() => ncp.parseResponse(403, ''), 'after');
  assert.equal(e.kind, 'http');
});
