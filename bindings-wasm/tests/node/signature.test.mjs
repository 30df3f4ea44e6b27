// 2. Shared signature vectors through sign, Signer.headers and verify.
// 3. sign cross-checked against node:crypto on random inputs.
// 10. Signer.signRequest(prepare(...)) carries the SPEC §3 reference signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ncp from 'ncpcert';
import { vectors, refSign, prng, REF, sampleRequest, lowerHeaders } from './helpers.mjs';

const SIG_HEADERS = ['x-ncp-apigw-signature-v2', 'x-ncp-apigw-timestamp', 'x-ncp-iam-access-key'];

const doc = vectors('signature_v2.json');

test('signature_v2.json has vectors', () => {
  assert.ok(Array.isArray(doc.vectors) && doc.vectors.length >= 8);
});

for (const v of doc.vectors) {
  test(`signature vector ${v.id}`, () => {
    const ts = Number(v.timestamp);
    assert.ok(Number.isSafeInteger(ts));
    // The vector file is self-consistent with node:crypto (guards the test itself).
    assert.equal(v.string_to_sign, `${v.method} ${v.url}\n${v.timestamp}\n${v.access_key}`);
    assert.equal(refSign(v.method, v.url, v.timestamp, v.access_key, v.secret_key), v.expected_signature);

    assert.equal(ncp.sign(v.method, v.url, ts, v.access_key, v.secret_key), v.expected_signature, 'sign');
    assert.equal(ncp.sign(v.method.toLowerCase(), v.url, ts, v.access_key, v.secret_key), v.expected_signature, 'sign, lower-case method');

    const signer = new ncp.Signer({ accessKey: v.access_key, secretKey: v.secret_key });
    assert.equal(signer.accessKey, v.access_key, 'Signer.accessKey');
    const h = signer.headers(v.method, v.url, ts);
    assert.deepEqual({ ...h }, {
      'x-ncp-apigw-timestamp': v.timestamp,
      'x-ncp-iam-access-key': v.access_key,
      'x-ncp-apigw-signature-v2': v.expected_signature,
    }, 'Signer.headers');
    // The keyed signer is reusable: same answer a second time.
    assert.equal(signer.headers(v.method, v.url, ts)['x-ncp-apigw-signature-v2'], v.expected_signature);

    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, v.expected_signature), true, 'verify');
    // verify refuses near misses.
    const sig = v.expected_signature;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, flipped), false, 'verify, one char changed');
    assert.equal(ncp.verify(v.method, v.url, ts + 1, v.access_key, v.secret_key, sig), false, 'verify, other timestamp');
    assert.equal(ncp.verify(v.method, v.url + 'x', ts, v.access_key, v.secret_key, sig), false, 'verify, other path');
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key + 'x', sig), false, 'verify, other secret');
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key + 'x', v.secret_key, sig), false, 'verify, other access key');
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, ''), false, 'verify, empty signature');
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, sig.slice(0, -1)), false, 'verify, truncated');
    assert.equal(ncp.verify(v.method, v.url, ts, v.access_key, v.secret_key, 'not base64 at all!'), false, 'verify, garbage');
    signer.free();
  });
}

// --- 3. random cross-check against node:crypto -------------------------------------------

const PRINTABLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const PATH_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~!$&'()*+,;=:@/?-";
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

function randomCase(rnd) {
  const pick = (s, n) => Array.from({ length: n }, () => s[Math.floor(rnd() * s.length)]).join('');
  const key = (min, max) => pick(PRINTABLE, min + Math.floor(rnd() * (max - min + 1)));
  const m = METHODS[Math.floor(rnd() * METHODS.length)];
  const styles = [m, m.toLowerCase(), [...m].map((c) => (rnd() < 0.5 ? c.toLowerCase() : c)).join('')];
  return {
    method: styles[Math.floor(rnd() * styles.length)],
    path: '/' + pick(PATH_CHARS, Math.floor(rnd() * 120)),
    ts: 1e12 + Math.floor(rnd() * (1e14 - 1e12)),
    ak: key(1, 40),
    sk: key(1, 80),
  };
}

const SEED = 0x5eed2026;
const N_RANDOM = 600;

test(`sign == node:crypto HMAC on ${N_RANDOM} random inputs (seed ${SEED})`, () => {
  const rnd = prng(SEED);
  for (let i = 0; i < N_RANDOM; i++) {
    const c = randomCase(rnd);
    const expected = refSign(c.method, c.path, c.ts, c.ak, c.sk);
    const got = ncp.sign(c.method, c.path, c.ts, c.ak, c.sk);
    assert.equal(got, expected, `case ${i}: ${JSON.stringify(c)}`);
  }
});

test(`Signer.headers and verify == node:crypto on ${N_RANDOM} random inputs (seed ${SEED + 1})`, () => {
  const rnd = prng(SEED + 1);
  for (let i = 0; i < N_RANDOM; i++) {
    const c = randomCase(rnd);
    const expected = refSign(c.method, c.path, c.ts, c.ak, c.sk);
    const signer = new ncp.Signer({ accessKey: c.ak, secretKey: c.sk });
    const h = signer.headers(c.method, c.path, c.ts);
    assert.equal(h['x-ncp-apigw-signature-v2'], expected, `case ${i}: ${JSON.stringify(c)}`);
    assert.equal(h['x-ncp-apigw-timestamp'], String(c.ts), `case ${i}`);
    assert.equal(h['x-ncp-iam-access-key'], c.ak, `case ${i}`);
    assert.equal(ncp.verify(c.method, c.path, c.ts, c.ak, c.sk, expected), true, `case ${i} verify`);
    signer.free();
  }
});

test("sign('post', ...) === sign('POST', ...)", () => {
  const a = ncp.sign('post', REF.path, REF.timestamp, REF.accessKey, REF.secretKey);
  const b = ncp.sign('POST', REF.path, REF.timestamp, REF.accessKey, REF.secretKey);
  assert.equal(a, b);
  assert.equal(a, REF.signature);
  assert.equal(ncp.sign('pOsT', REF.path, REF.timestamp, REF.accessKey, REF.secretKey), REF.signature);
});

test('the gateway does no normalisation: near-identical targets sign differently (SPEC §3)', () => {
  const base = '/api/v2/certificate/certificates?certificateName=my%20cert';
  const variants = [
    base,
    '/api/v2/certificate/certificates?certificateName=my+cert',
    '/api/v2/certificate/certificates?certificateName=my%2fcert',
    '/api/v2/certificate/certificates?certificateName=my%2Fcert',
    base + '&',
    '/api/v2/certificate/certificates/',
    '/api/v2/certificate/certificates?',
    '/api/v2/certificate/certificates',
  ];
  const seen = new Set();
  for (const p of variants) {
    const got = ncp.sign('GET', p, REF.timestamp, REF.accessKey, REF.secretKey);
    assert.equal(got, refSign('GET', p, REF.timestamp, REF.accessKey, REF.secretKey), p);
    seen.add(got);
  }
  assert.equal(seen.size, variants.length);
});

test('timestamp bounds: 10^12 (the smallest millisecond value) up to just below 10^14 are accepted', () => {
  for (const ts of [1e12, 1e12 + 1, 5e13, 1e14 - 1]) {
    assert.equal(ncp.sign('GET', '/x', ts, 'AK', 'SK'), refSign('GET', '/x', ts, 'AK', 'SK'), String(ts));
  }
});

// --- 10. signRequest(prepare(...)) ---------------------------------------------------------

test('Signer.signRequest(prepare(sample)) carries the SPEC §3 reference signature', () => {
  const prepared = ncp.prepare(sampleRequest());
  assert.equal(prepared.method, 'POST');
  assert.equal(prepared.url, REF.url);
  assert.equal(prepared.path, REF.path);
  const ph = lowerHeaders(prepared.headers);
  assert.equal(ph['content-type'], 'application/json');
  assert.equal(ph.accept, 'application/json');
  for (const h of SIG_HEADERS) assert.equal(ph[h], undefined, `prepared has no ${h}`);

  const signer = new ncp.Signer({ accessKey: REF.accessKey, secretKey: REF.secretKey });
  const signed = signer.signRequest(prepared, REF.timestamp);
  assert.equal(signed.method, 'POST');
  assert.equal(signed.url, REF.url);
  assert.equal(signed.path, REF.path);
  assert.equal(signed.body, prepared.body);
  assert.equal(signed.timestampMs, REF.timestamp);
  const sh = lowerHeaders(signed.headers);
  assert.equal(sh['x-ncp-apigw-timestamp'], '1700000000000');
  assert.equal(sh['x-ncp-iam-access-key'], REF.accessKey);
  assert.equal(sh['x-ncp-apigw-signature-v2'], REF.signature);
  assert.equal(sh['content-type'], 'application/json');
  assert.equal(sh.accept, 'application/json');
  // Signing does not change the prepared request.
  for (const h of SIG_HEADERS) assert.equal(lowerHeaders(prepared.headers)[h], undefined, `prepared still has no ${h}`);
  signer.free();
});

test('prepare: gov and fin sites, custom base URL', () => {
  const gov = ncp.prepare(sampleRequest(), { site: 'gov' });
  assert.equal(gov.url, 'https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/requestPaidCertificateIssuance');
  const fin = ncp.prepare(sampleRequest(), { site: 'fin' });
  assert.equal(fin.url, 'https://certificatemanager.apigw.fin-ntruss.com/api/v2/certificate/requestPaidCertificateIssuance');
  const pub = ncp.prepare(sampleRequest(), { site: 'public' });
  assert.equal(pub.url, REF.url);
  const custom = ncp.prepare(sampleRequest(), { baseUrl: 'http://127.0.0.1:8080' });
  assert.equal(custom.url, 'http://127.0.0.1:8080/api/v2/certificate/requestPaidCertificateIssuance');
  // Whatever the site, the signed request-target is what goes on the wire after the host.
  const signer = new ncp.Signer({ accessKey: REF.accessKey, secretKey: REF.secretKey });
  for (const p of [gov, fin, custom]) {
    const s = signer.signRequest(p, REF.timestamp);
    const u = new URL(s.url);
    assert.equal(s.path, u.pathname + u.search);
    assert.equal(lowerHeaders(s.headers)['x-ncp-apigw-signature-v2'],
      refSign('POST', s.path, REF.timestamp, REF.accessKey, REF.secretKey));
  }
  signer.free();
});
