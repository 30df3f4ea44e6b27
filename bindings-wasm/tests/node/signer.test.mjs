// 9. Signer clock (injected now, clockOffsetMs) and wrapFetch: every call signed from its own
// method and URL with a fresh timestamp, the body never read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ncp from 'ncpcert';
import { refSign, sampleRequest, lowerHeaders, REF } from './helpers.mjs';

const AK = 'AK-clock-test';
const SK = 'SK-clock-test-secret';

function clock(start) {
  const c = { t: start, calls: 0 };
  c.now = () => {
    c.calls++;
    return c.t;
  };
  return c;
}

test('headers() without a timestamp uses now() + clockOffsetMs', () => {
  const c = clock(1_700_000_000_000);
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: c.now, clockOffsetMs: 1234 });
  const h = s.headers('get', '/api/v1/certificates?x=1');
  assert.ok(c.calls >= 1, 'now() was called');
  assert.equal(h['x-ncp-apigw-timestamp'], '1700000001234');
  assert.equal(h['x-ncp-iam-access-key'], AK);
  assert.equal(h['x-ncp-apigw-signature-v2'], refSign('GET', '/api/v1/certificates?x=1', 1_700_000_001_234, AK, SK));

  c.t += 60_000;
  const h2 = s.headers('GET', '/api/v1/certificates?x=1');
  assert.equal(h2['x-ncp-apigw-timestamp'], '1700000061234', 'the clock is read on every call');
  assert.equal(h2['x-ncp-apigw-signature-v2'], refSign('GET', '/api/v1/certificates?x=1', 1_700_000_061_234, AK, SK));
  s.free();
});

test('negative clockOffsetMs, and an explicit timestamp ignores the clock', () => {
  const c = clock(1_700_000_100_000);
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: c.now, clockOffsetMs: -100_000 });
  assert.equal(s.headers('POST', '/p')['x-ncp-apigw-timestamp'], '1700000000000');
  const explicit = s.headers('POST', '/p', 1_800_000_000_000);
  assert.equal(explicit['x-ncp-apigw-timestamp'], '1800000000000', 'explicit timestamp used as is (no offset)');
  assert.equal(explicit['x-ncp-apigw-signature-v2'], refSign('POST', '/p', 1_800_000_000_000, AK, SK));
  s.free();
});

test('clockOffsetMs defaults to 0; now defaults to Date.now', () => {
  const c = clock(1_750_000_000_000);
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: c.now });
  assert.equal(s.headers('GET', '/x')['x-ncp-apigw-timestamp'], '1750000000000');
  s.free();

  const d = new ncp.Signer({ accessKey: AK, secretKey: SK });
  const before = Date.now();
  const ts = Number(d.headers('GET', '/x')['x-ncp-apigw-timestamp']);
  const after = Date.now();
  assert.ok(ts >= before && ts <= after, `default clock ${ts} in [${before}, ${after}]`);
  const off = new ncp.Signer({ accessKey: AK, secretKey: SK, clockOffsetMs: 3_600_000 });
  const b2 = Date.now();
  const ts2 = Number(off.headers('GET', '/x')['x-ncp-apigw-timestamp']);
  const a2 = Date.now();
  assert.ok(ts2 >= b2 + 3_600_000 && ts2 <= a2 + 3_600_000, 'offset added to Date.now');
  d.free();
  off.free();
});

test('signRequest() without a timestamp uses now() + clockOffsetMs', () => {
  const c = clock(1_700_000_000_000);
  const s = new ncp.Signer({ accessKey: REF.accessKey, secretKey: REF.secretKey, now: c.now, clockOffsetMs: 0 });
  const signed = s.signRequest(ncp.prepare(sampleRequest()));
  assert.equal(signed.timestampMs, REF.timestamp);
  const h = lowerHeaders(signed.headers);
  assert.equal(h['x-ncp-apigw-timestamp'], '1700000000000');
  assert.equal(h['x-ncp-apigw-signature-v2'], REF.signature);
  c.t += 5;
  assert.equal(s.signRequest(ncp.prepare(sampleRequest())).timestampMs, REF.timestamp + 5, 'fresh timestamp per call');
  s.free();
});

// --- wrapFetch ------------------------------------------------------------------------------

/** Headers the fake fetch was given: those of a Request input, overridden by init.headers. */
function headersOfCall(input, init) {
  const h = new Headers(input instanceof Request ? input.headers : undefined);
  if (init && init.headers !== undefined) {
    for (const [k, v] of new Headers(init.headers)) h.set(k, v);
  }
  return h;
}

function methodOfCall(input, init) {
  if (init && init.method !== undefined) return String(init.method).toUpperCase();
  if (input instanceof Request) return input.method;
  return 'GET';
}

function urlOfCall(input) {
  if (input instanceof Request) return input.url;
  return String(input);
}

/** A body whose every access throws: wrapFetch must hand it on untouched. */
function untouchableBody() {
  return new Proxy({}, {
    get(_, key) {
      throw new Error(`body read: get ${String(key)}`);
    },
    has(_, key) {
      throw new Error(`body read: has ${String(key)}`);
    },
    ownKeys() {
      throw new Error('body read: ownKeys');
    },
    getOwnPropertyDescriptor(_, key) {
      throw new Error(`body read: getOwnPropertyDescriptor ${String(key)}`);
    },
    getPrototypeOf() {
      throw new Error('body read: getPrototypeOf');
    },
  });
}

test('wrapFetch signs each call from its method and URL, with a fresh timestamp, never reading the body', async () => {
  const c = clock(1_700_000_000_000);
  const OFFSET = 250;
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: c.now, clockOffsetMs: OFFSET });
  const calls = [];
  const answer = { fake: 'response' };
  const fakeFetch = async (input, init) => {
    calls.push({ input, init, headers: headersOfCall(input, init), method: methodOfCall(input, init), url: urlOfCall(input) });
    return answer;
  };
  const wrapped = s.wrapFetch(fakeFetch);
  assert.equal(typeof wrapped, 'function');

  const base = 'https://certificatemanager.apigw.ntruss.com';
  const body = untouchableBody();
  const cases = [
    {
      call: () => wrapped(`${base}/api/v1/certificates?certificateNo=65655`),
      method: 'GET', target: '/api/v1/certificates?certificateNo=65655',
    },
    {
      call: () => wrapped(`${base}/api/v2/certificate/requestPaidCertificateIssuance`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      }),
      method: 'POST', target: '/api/v2/certificate/requestPaidCertificateIssuance', body,
      keeps: { 'content-type': 'application/json', accept: 'application/json' },
    },
    {
      call: () => wrapped(new Request(`${base}/api/v1/certificate/12345?certificateName=test-cert`, { method: 'PUT' })),
      method: 'PUT', target: '/api/v1/certificate/12345?certificateName=test-cert',
    },
    {
      call: () => wrapped(new URL(`${base}/api/v2/certificate/certificates?certificateName=my%20cert&page=1`)),
      method: 'GET', target: '/api/v2/certificate/certificates?certificateName=my%20cert&page=1',
    },
    {
      call: () => wrapped(`${base}/api/v1/certificate/9`, { method: 'delete' }),
      method: 'DELETE', target: '/api/v1/certificate/9',
    },
    {
      call: () => wrapped(`${base}/api/v2/certificate/certificates?certificateName=%EC%9D%B8%EC%A6%9D%EC%84%9C`, {
        method: 'POST', body, headers: new Headers({ 'X-Extra': 'kept' }),
      }),
      method: 'POST', target: '/api/v2/certificate/certificates?certificateName=%EC%9D%B8%EC%A6%9D%EC%84%9C', body,
      keeps: { 'x-extra': 'kept' },
    },
  ];

  for (let i = 0; i < cases.length; i++) {
    const k = cases[i];
    c.t = 1_700_000_000_000 + i * 1_000;
    const got = await k.call();
    assert.equal(got, answer, `case ${i}: returns what fetch returned`);
    assert.equal(calls.length, i + 1, `case ${i}: fetch called once`);
    const call = calls[i];
    const ts = c.t + OFFSET;
    assert.equal(call.method, k.method, `case ${i}: method`);
    assert.equal(new URL(call.url).pathname + new URL(call.url).search, k.target, `case ${i}: URL unchanged`);
    assert.equal(call.headers.get('x-ncp-apigw-timestamp'), String(ts), `case ${i}: fresh timestamp`);
    assert.equal(call.headers.get('x-ncp-iam-access-key'), AK, `case ${i}: access key`);
    assert.equal(call.headers.get('x-ncp-apigw-signature-v2'), refSign(k.method, k.target, ts, AK, SK), `case ${i}: signature`);
    for (const [name, value] of Object.entries(k.keeps ?? {})) {
      assert.equal(call.headers.get(name), value, `case ${i}: header ${name} kept`);
    }
    if (k.body) assert.ok(call.init && call.init.body === k.body, `case ${i}: body handed on as is`);
  }
  s.free();
});

test('wrapFetch: the fetch error propagates, and a retry is re-signed with a new timestamp', async () => {
  const c = clock(1_700_000_000_000);
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: c.now });
  const seen = [];
  let fail = true;
  const wrapped = s.wrapFetch(async (input, init) => {
    seen.push(headersOfCall(input, init).get('x-ncp-apigw-timestamp'));
    if (fail) throw new TypeError('network down');
    return 'ok';
  });
  await assert.rejects(wrapped('https://h.example.com/a'), { name: 'TypeError', message: 'network down' });
  c.t += 30_000;
  fail = false;
  assert.equal(await wrapped('https://h.example.com/a'), 'ok');
  assert.deepEqual(seen, ['1700000000000', '1700000030000']);
  s.free();
});

test('wrapFetch: a call that cannot be signed (clock in seconds) fails with NcpSigningError and does not call fetch', async () => {
  const s = new ncp.Signer({ accessKey: AK, secretKey: SK, now: () => 1_700_000_000_000 });
  let called = false;
  const wrapped = s.wrapFetch(async () => {
    called = true;
    return 'ok';
  });
  // A bad clock value makes signing impossible.
  const bad = new ncp.Signer({ accessKey: AK, secretKey: SK, now: () => 1_700_000_000 });
  const wrappedBad = bad.wrapFetch(async () => {
    called = true;
    return 'ok';
  });
  let err;
  try {
    await wrappedBad('https://h.example.com/a');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ncp.NcpSigningError, `rejects with NcpSigningError (got ${err})`);
  assert.equal(called, false, 'fetch not called');
  assert.equal(await wrapped('https://h.example.com/a'), 'ok');
  s.free();
  bad.free();
});
