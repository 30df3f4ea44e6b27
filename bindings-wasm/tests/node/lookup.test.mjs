// ListAdvancedCertificates (SPEC §12): the builder, the parser, and the outcome classification
// hosts use in their own retry loops. Signatures are checked against node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as ncp from 'ncpcert';
import { assertNcpError, thrown } from './helpers.mjs';

const AK = 'EXAMPLEAK0000000NCP1';
const SK = 'EXAMPLESECRET00000000000000000000NCPSK01';

// RFC 3986: everything but unreserved characters percent-encoded (encodeURIComponent also
// keeps !'()*, which must be encoded here).
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

test('listAdvancedCertificates: the query is encoded once, the URL holds the signed target', () => {
  for (const name of ['www-example', 'a b', 'a+b', '인증서', "x!'()*~._-", '%41']) {
    const p = ncp.listAdvancedCertificates({ certificateName: name, page: 2, pageSize: 50 }, { baseUrl: 'http://127.0.0.1:9/p' });
    const target = `/p/api/v2/certificate/getPaidCertificates?certificateName=${rfc3986(name)}&page=2&pageSize=50`;
    assert.equal(p.method, 'GET');
    assert.equal(p.path, target);
    assert.equal(p.url, `http://127.0.0.1:9${target}`);
    assert.equal(p.body, null, 'a GET has no body');
    assert.equal(p.headers.Accept, 'application/json');
    const signer = new ncp.Signer({ accessKey: AK, secretKey: SK });
    const signed = signer.signRequest(p, 1_700_000_000_000);
    const want = createHmac('sha256', SK).update(`GET ${target}\n1700000000000\n${AK}`).digest('base64');
    assert.equal(signed.headers['x-ncp-apigw-signature-v2'], want);
    assert.equal(signed.body, null);
  }
  const all = ncp.listAdvancedCertificates();
  assert.equal(all.url, 'https://certificatemanager.apigw.ntruss.com/api/v2/certificate/getPaidCertificates');
});

test('listAdvancedCertificates: bad arguments are NcpErrors with argument.invalid', () => {
  for (const [query, opts] of [
    [{ certificateName: '' }, undefined],
    [{ certificateName: 'a\nb' }, undefined],
    [{ certificateName: 5 }, undefined],
    [{ page: 0 }, undefined],
    [{ page: -1 }, undefined],
    [{ page: 1.5 }, undefined],
    [{ pageSize: 1001 }, undefined],
    [{ page: Infinity }, undefined],
  ]) {
    const e = thrown(() => ncp.listAdvancedCertificates(query, opts), JSON.stringify(query));
    assertNcpError(e, ncp.NcpError, ncp.NcpError, JSON.stringify(query));
    assert.equal(e.code, 'argument.invalid', JSON.stringify(query));
    assert.ok(e.message.length > 0);
  }
  const e = thrown(() => ncp.listAdvancedCertificates({}, { site: 'moon' }), 'site');
  assert.equal(e.code, 'site.invalid');
});

test('parseCertificateList: old and new field names, exact name match', () => {
  const body = JSON.stringify({
    returnCode: 0,
    totalRows: '2',
    orders: [
      { orderID: 12, certificates: [{ certificateNo: '9', certificateName: 'www-example', dnsName: 'a.example.com, b.example.com', statusCode: '0', certificateTypeCode: 'NCP_PAID_DV_01', notAfter: 'x' }] },
      { orderId: 'O-2', certificates: [{ certificateNo: 10, certificateName: 'WWW-EXAMPLE', dnsName: ['c.example.com'], statusCode: -3, certificateType: 'NCP_PAID_OV_01' }] },
    ],
    page: 1,
  });
  const list = ncp.parseCertificateList(200, body, { name: 'www-example' });
  assert.equal(list.returnCode, '0');
  assert.equal(list.totalCount, 2);
  assert.equal(list.page, 1, 'unknown fields kept');
  assert.equal(list.orders[0].orderId, '12');
  assert.equal(list.match.certificateNo, 9);
  assert.deepEqual(list.match.dnsName, ['a.example.com', 'b.example.com']);
  assert.equal(list.match.certificateType, 'NCP_PAID_DV_01');
  assert.equal(list.match.status, 'ONGOING');
  assert.equal(list.match.notAfter, 'x');
  assert.equal(list.orders[1].certificates[0].status, 'VALIDATION_FAILED');
  assert.equal(ncp.parseCertificateList(200, new TextEncoder().encode(body), { name: 'www' }).match, null);
  assert.equal('match' in ncp.parseCertificateList(200, body), false);
});

test('parseCertificateList: every error kind carries its outcome', () => {
  const cases = [
    [429, '{"error":{"errorCode":"410","message":"Throttle Limited"}}', 'gateway', 'resendable'],
    [504, '{"error":{"errorCode":"510","message":"Endpoint Timeout"}}', 'gateway', 'ambiguous'],
    [401, '{"error":{"errorCode":"200","message":"Authentication Failed"}}', 'gateway', 'final'],
    [200, '{"returnCode":"1006","returnMessage":"No certificate exists."}', 'service', 'final'],
    [503, '', 'http', 'ambiguous'],
    [408, '', 'http', 'resendable'],
    [404, '<html></html>', 'http', 'final'],
    [200, '{"returnCode":"0","orders":{}}', 'malformed', 'ambiguous'],
  ];
  for (const [status, body, kind, outcome] of cases) {
    const e = thrown(() => ncp.parseCertificateList(status, body), `${status} ${body}`);
    assertNcpError(e, ncp.NcpError, ncp.NcpApiError, `${status} ${body}`);
    assert.equal(e.kind, kind);
    assert.equal(e.outcome, outcome, `${status} ${body}`);
    assert.equal(e.resendable, outcome === 'resendable');
    assert.equal(e.ambiguous, outcome === 'ambiguous');
    assert.equal(e.retryable, outcome === 'resendable');
  }
});

test('transportOutcome: before any byte is written resend, after it look up first', () => {
  assert.equal(ncp.transportOutcome({ written: false }), 'resendable');
  assert.equal(ncp.transportOutcome({ written: true }), 'ambiguous');
  for (const bad of [undefined, {}, { written: 'yes' }, { written: 1 }]) {
    assert.throws(() => ncp.transportOutcome(bad), ncp.NcpError);
  }
});
