// The package through `require` (CommonJS): loads with no init step and does the same work as
// through `import`. Expected values come from the shared vectors and node:crypto.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createHmac } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const ncp = require('ncpcert');

const VECTORS = path.resolve(__dirname, '../../../tests/vectors');
const DATA = path.resolve(__dirname, '../../../tests/data');

function refSign(method, p, ts, ak, sk) {
  return createHmac('sha256', sk).update(`${method.toUpperCase()} ${p}\n${ts}\n${ak}`).digest('base64');
}

test('require: signature vectors through sign, Signer and verify', () => {
  const doc = JSON.parse(readFileSync(path.join(VECTORS, 'signature_v2.json'), 'utf8'));
  assert.ok(doc.vectors.length > 0);
  for (const v of doc.vectors) {
    const ts = Number(v.timestamp);
    assert.equal(ncp.sign(v.method, v.url, ts, v.access_key, v.secret_key), v.expected_signature, v.id);
    const signer = new ncp.Signer({ accessKey: v.access_key, secretKey: v.secret_key });
    const h = signer.headers(v.method, v.url, ts);
    assert.equal(h['x-ncp-apigw-signature-v2'], v.expected_signature, v.id);
    assert.equal(h['x-ncp-apigw-timestamp'], v.timestamp, v.id);
    assert.equal(h['x-ncp-iam-access-key'], v.access_key, v.id);
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, v.expected_signature), true, v.id);
  }
});

test('require: sign agrees with node:crypto', () => {
  for (let i = 0; i < 50; i++) {
    const p = `/api/v1/certificates?certificateNo=${i}&x=${'y'.repeat(i)}`;
    const ts = 1_700_000_000_000 + i * 7919;
    assert.equal(ncp.sign('delete', p, ts, `AK${i}`, `SK-${i}-secret`), refSign('DELETE', p, ts, `AK${i}`, `SK-${i}-secret`));
  }
});

test('require: validate, prepare and inspectCsr work on the sample request', () => {
  const csr = readFileSync(path.join(DATA, 'sample.csr.pem'), 'utf8');
  const request = {
    csr,
    certificateType: 'DV',
    certificateName: 'www-example',
    commonName: 'www.example.com',
    dnsName: ['www.example.com', 'example.com'],
    validationMethod: 'D',
  };
  const report = ncp.validate(request);
  assert.equal(report.valid, true);
  assert.deepEqual(report.findings, []);
  const prepared = ncp.prepare(request);
  assert.equal(prepared.method, 'POST');
  assert.equal(JSON.parse(prepared.body).certificateType, 'NCP_PAID_DV_01');
  const info = ncp.inspectCsr(csr);
  assert.deepEqual(info.findings, []);
  assert.deepEqual(info.subject.commonNames, ['www.example.com']);
});

test('require: errors are NcpError subclasses', () => {
  assert.throws(
    () => ncp.sign('GET', 'no-leading-slash', 1_700_000_000_000, 'AK', 'SK'),
    (e) => e instanceof ncp.NcpSigningError && e instanceof ncp.NcpError && e instanceof Error && e.name === 'NcpSigningError',
  );
  assert.throws(
    () => ncp.parseResponse(403, ''),
    (e) => e instanceof ncp.NcpApiError && e instanceof ncp.NcpError && e.kind === 'http' && e.httpStatus === 403,
  );
});
