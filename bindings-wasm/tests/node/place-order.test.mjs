// placeOrder (SPEC §14): the core's order workflow driven over fetch, against the mock NCP
// (tests/mock_ncp/server.py, one subprocess per case). What NCP received and how many orders
// it placed come from the mock's own log, never from the package; keys and certificates are
// compared with node:crypto. Some cases call the main entry's placeOrder (`ncpcert`, which
// loads the order module on its first call), others that of `ncpcert/order`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { X509Certificate, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ncp from 'ncpcert';
import * as orderEntry from 'ncpcert/order';
import { DATA_DIR, assertNcpError, sampleRequest, show, startMock } from './helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const [[AK, SK]] = Object.entries(JSON.parse(readFileSync(join(ROOT, 'tests/mock_ncp/keys.example.json'), 'utf8')));
const signer = new ncp.Signer({ accessKey: AK, secretKey: SK });
// Backoff pauses of a few milliseconds: the waits are the core's; their length is not tested here.
const QUICK = { signer, backoffMs: 5 };
const ISSUANCE = 'requestPaidCertificateIssuance';

const running = [];
after(async () => {
  await Promise.all(running.map((m) => m.stop()));
});

async function mock(...args) {
  const m = await startMock(args);
  running.push(m);
  return m;
}

/**
 * globalThis.fetch, counting the calls that went out; `before(url, init, n)` may answer or
 * throw instead (then nothing reaches the mock) or change the call.
 */
function countingFetch(before) {
  const calls = [];
  const f = async (url, init) => {
    const n = calls.length;
    calls.push({ method: init.method, url: String(url) });
    if (before) {
      const replaced = await before(url, init, n);
      if (replaced !== undefined) return replaced;
    }
    return fetch(url, init);
  };
  f.calls = calls;
  return f;
}

const orders = (requests) => requests.filter((r) => r.target.includes(ISSUANCE) && r.verdict === 'accepted');
const posts = (requests) => requests.filter((r) => r.method === 'POST');
const lookups = (requests) => requests.filter((r) => r.target.includes('/getPaidCertificates?'));

/** Runs placeOrder and returns what it threw; fails when it resolves. */
async function rejection(promise, where) {
  try {
    const value = await promise;
    assert.fail(`${where}: expected a rejection, got ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return e;
  }
}

/** Neither the result nor the error shows the secret key, however it is printed. */
function assertNoSecret(value, where) {
  for (const text of [
    String(value),
    inspect(value, { depth: null, showHidden: true }),
    JSON.stringify(value),
    value instanceof Error ? `${value.stack} ${JSON.stringify(value.steps)} ${inspect(value.cause, { depth: null })}` : '',
  ]) {
    assert.ok(!text.includes(SK), `${where}: the secret key is shown`);
  }
}

// ---------------------------------------------------------------------------------------------
// The answer is lost after NCP placed the order: looked up, recovered, never ordered twice.

for (const [fault, failure] of [
  ['placed-then-504', (send) => send.error.type === 'api' && send.httpStatus === 504],
  ['placed-then-close', (send) => send.error.type === 'transport' && send.error.written === true],
  // The stall outlasts timeoutMs: the call is aborted, which counts as written.
  ['placed-then-stall:3', (send) => send.error.type === 'transport' && send.error.written === true],
]) {
  test(`${fault}: exactly one order, recovered by the lookup`, async () => {
    const m = await mock('--fault', fault);
    const fetch = countingFetch();
    const placed = await ncp.placeOrder(sampleRequest({ certificateName: 'lost-answer' }), {
      ...QUICK,
      fetch,
      baseUrl: m.url,
      timeoutMs: 800,
    });
    const seen = await m.requestsAfter(fetch.calls.length);
    assert.equal(orders(seen).length, 1, JSON.stringify(seen));
    assert.equal(posts(seen).length, 1, 'the order was not sent again');
    assert.ok(lookups(seen).length >= 1 && lookups(seen).every((r) => r.verdict === 'listed'), JSON.stringify(seen));
    assert.ok(seen.indexOf(posts(seen)[0]) < seen.indexOf(lookups(seen)[0]), 'sent, then looked up');
    assert.equal(placed.path, 'recovered');
    assert.equal(placed.certificateName, 'lost-answer');
    assert.equal(placed.status, 'ONGOING');
    assert.equal(placed.attempts, 1);
    assert.equal(placed.certificate.certificateNo, placed.certificateNo);
    assert.deepEqual(placed.certificate.dnsName, ['www.example.com', 'example.com']);
    const [send, lookup] = placed.steps;
    assert.equal(send.step, 'send');
    assert.ok(failure(send), JSON.stringify(send));
    assert.equal(send.outcome, 'ambiguous');
    assert.deepEqual([lookup.step, lookup.found, lookup.certificateNo], ['lookup', true, placed.certificateNo]);
    assertNoSecret(placed, fault);
  });
}

test('the number recovered is the one NCP gave the order (its listing, read without ncpcert)', async () => {
  const m = await mock('--fault', 'placed-then-504');
  const placed = await ncp.placeOrder(sampleRequest({ certificateName: 'which-number' }), { ...QUICK, baseUrl: m.url });
  // A lookup signed with node:crypto over the raw target, as the mock's README shows.
  const target = new URL(m.url).pathname.replace(/\/$/, '') + '/api/v2/certificate/getPaidCertificates?certificateName=which-number';
  const ts = String(Date.now());
  const sig = createHmac('sha256', SK).update(`GET ${target}\n${ts}\n${AK}`).digest('base64');
  const res = await fetch(new URL(m.url).origin + target, {
    headers: { 'x-ncp-apigw-timestamp': ts, 'x-ncp-iam-access-key': AK, 'x-ncp-apigw-signature-v2': sig },
  });
  const doc = await res.json();
  assert.equal(doc.totalCount, 1);
  assert.equal(placed.certificateNo, doc.orders[0].certificates[0].certificateNo);
  assert.equal(placed.orderId, doc.orders[0].orderId);
});

// ---------------------------------------------------------------------------------------------
// Accepted, resent, refused.

test('accepted on the first attempt: one POST, no lookup (ncpcert/order)', async () => {
  const m = await mock();
  const fetch = countingFetch();
  const placed = await orderEntry.placeOrder(sampleRequest({ certificateName: 'first-time' }), { ...QUICK, fetch, baseUrl: m.url });
  const seen = await m.requestsAfter(fetch.calls.length);
  assert.deepEqual(seen.map((r) => [r.method, r.status, r.verdict]), [['POST', '200', 'accepted']]);
  assert.equal(placed.path, 'accepted');
  assert.equal(placed.attempts, 1);
  assert.equal(placed.answer.paidCertificate.certificateNo, placed.certificateNo);
  assert.equal(placed.statusName, placed.answer.paidCertificate.statusName);
  assert.deepEqual(placed.steps.map((s) => s.step), ['send']);
});

test('throttle: resent after backoff without a lookup, one order (ncpcert/order)', async () => {
  const m = await mock('--fault', 'throttle');
  const fetch = countingFetch();
  const placed = await orderEntry.placeOrder(sampleRequest({ certificateName: 'throttled' }), { ...QUICK, fetch, baseUrl: m.url });
  const seen = await m.requestsAfter(fetch.calls.length);
  assert.deepEqual(seen.map((r) => [r.method, r.status]), [['POST', '429'], ['POST', '200']]);
  assert.equal(lookups(seen).length, 0);
  assert.equal(orders(seen).length, 1);
  assert.equal(placed.path, 'accepted');
  assert.equal(placed.attempts, 2);
  assert.equal(placed.steps[0].outcome, 'resendable');
});

// fetch may send a request again by itself (Chromium does, over a reused connection that
// drops): placeOrder tells the core so, and "the name exists" after its own attempt is looked
// up rather than taken for an earlier certificate's.

test('a name taken by an earlier certificate for other names: looked up, NcpOrderError order.name_taken, nothing resent', async () => {
  const m = await mock();
  const earlier = sampleRequest({ certificateName: 'taken', commonName: 'example.com', dnsName: ['example.com'] });
  const first = await ncp.placeOrder(earlier, { ...QUICK, baseUrl: m.url });
  assert.equal(first.path, 'accepted');
  // A renewal reusing the name, for other names: the name is the earlier certificate's.
  const fetch = countingFetch();
  const e = await rejection(orderEntry.placeOrder(sampleRequest({ certificateName: 'taken' }), { ...QUICK, fetch, baseUrl: m.url }), 'second order');
  assertNcpError(e, ncp.NcpError, ncp.NcpOrderError, 'name taken');
  assert.ok(e instanceof orderEntry.NcpOrderError, 'the same class from ncpcert/order');
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'order.name_taken');
  assert.equal(e.certificateName, 'taken');
  assert.equal(e.certificateNo, first.certificateNo);
  assert.equal(e.certificate.commonName, 'example.com');
  assert.ok(e.hint.length > 0);
  assert.deepEqual(e.steps.map((s) => s.step), ['send', 'lookup']);
  assert.equal(e.steps[0].httpStatus, 400);
  const seen = await m.requestsAfter(1 + fetch.calls.length);
  assert.equal(orders(seen).length, 1, 'one order in all');
  assert.deepEqual(fetch.calls.map((c) => c.method), ['POST', 'GET'], 'sent once, looked up, nothing resent');
  assert.deepEqual(seen.slice(1).map((r) => [r.method, r.status]), [['POST', '400'], ['GET', '200']]);
  assertNoSecret(e, 'name taken');
});

test('the same request again: the name is found holding this request\'s names and type, taken as its order; nothing bought twice', async () => {
  const m = await mock();
  const request = sampleRequest({ certificateName: 'again' });
  const first = await ncp.placeOrder(request, { ...QUICK, baseUrl: m.url });
  assert.equal(first.path, 'accepted');
  const fetch = countingFetch();
  const placed = await ncp.placeOrder(request, { ...QUICK, fetch, baseUrl: m.url });
  assert.equal(placed.path, 'recovered');
  assert.equal(placed.certificateNo, first.certificateNo);
  assert.deepEqual(fetch.calls.map((c) => c.method), ['POST', 'GET']);
  const seen = await m.requestsAfter(1 + fetch.calls.length);
  assert.equal(orders(seen).length, 1, 'one order in all');
  assert.deepEqual(seen.slice(1).map((r) => [r.method, r.status]), [['POST', '400'], ['GET', '200']]);
});

test('a fetch that delivers the order twice (as Chromium may) and shows the second answer: recovered, one order', async () => {
  const m = await mock();
  // The first delivery places the order; its answer is lost, and the caller sees the second
  // delivery's: "the name already exists".
  const replaying = countingFetch(async (url, init, n) => {
    if (n === 0) {
      const first = await fetch(url, init);
      await first.arrayBuffer();
      assert.equal(first.status, 200);
    }
  });
  const placed = await orderEntry.placeOrder(sampleRequest({ certificateName: 'replayed' }), { ...QUICK, fetch: replaying, baseUrl: m.url });
  assert.equal(placed.path, 'recovered');
  assert.equal(placed.steps[0].httpStatus, 400);
  const seen = await m.requestsAfter(3);
  assert.deepEqual(seen.map((r) => [r.method, r.status]), [['POST', '200'], ['POST', '400'], ['GET', '200']]);
  assert.equal(orders(seen).length, 1);
  assert.equal(placed.certificateNo, placed.certificate.certificateNo);
});

test('after an ambiguous attempt, a certificate found by name with other names is not taken as ours', async () => {
  const m = await mock();
  await ncp.placeOrder(sampleRequest({ certificateName: 'shared', commonName: 'example.com', dnsName: ['example.com'] }), {
    ...QUICK,
    baseUrl: m.url,
  });
  // The first POST of this workflow answered 503 with nothing done (the mock's own fault header).
  const fetch = countingFetch((url, init, n) => {
    if (n === 0) init.headers = { ...init.headers, 'x-mock-fault': 'unavailable' };
  });
  const e = await rejection(ncp.placeOrder(sampleRequest({ certificateName: 'shared' }), { ...QUICK, fetch, baseUrl: m.url }), 'shared');
  assertNcpError(e, ncp.NcpError, ncp.NcpOrderError, 'other names');
  assert.equal(e.code, 'order.name_taken');
  assert.equal(e.certificate.commonName, 'example.com');
  const seen = await m.requestsAfter(1 + fetch.calls.length);
  assert.equal(orders(seen).length, 1, 'only the earlier order');
  assert.deepEqual(seen.slice(1).map((r) => r.method), ['POST', 'GET'], 'sent once, looked up, nothing resent');
});

test('an issued certificate of that name for another key: order.not_this_request; the same key: recovered', async () => {
  const m = await mock('--auto-validate');
  const earlier = await ncp.placeOrder(sampleRequest({ certificateName: 'renewal' }), { ...QUICK, baseUrl: m.url });
  // --auto-validate: the certificate is issued once ListDcvStatuses answered each name.
  for (const domainAddress of ncp.validationDomains(['www.example.com', 'example.com'])) {
    const signed = signer.signRequest(ncp.listDcvStatuses({ certificateNo: earlier.certificateNo, domainAddress }, { baseUrl: m.url }));
    const res = await fetch(signed.url, { method: signed.method, headers: signed.headers });
    assert.equal(res.status, 200, await res.text());
  }
  const firstPostUnavailable = () =>
    countingFetch((url, init, n) => {
      if (n === 0) init.headers = { ...init.headers, 'x-mock-fault': 'unavailable' };
    });

  // Another key, the same names and name: rsa-2048.pem.
  const otherKey = readFileSync(join(DATA_DIR, 'own/rsa-2048.pem'), 'utf8');
  const e = await rejection(
    ncp.placeOrder(sampleRequest({ certificateName: 'renewal', csr: otherKey }), { ...QUICK, fetch: firstPostUnavailable(), baseUrl: m.url }),
    'other key',
  );
  assertNcpError(e, ncp.NcpError, ncp.NcpOrderError, 'other key');
  assert.equal(e.code, 'order.not_this_request');
  assert.equal(e.certificateNo, earlier.certificateNo);
  const chainStep = e.steps.find((s) => s.step === 'chain');
  assert.equal(chainStep.keyMatches, false);

  // The CSR's own key: the certificate is this request's.
  const placed = await ncp.placeOrder(sampleRequest({ certificateName: 'renewal' }), { ...QUICK, fetch: firstPostUnavailable(), baseUrl: m.url });
  assert.equal(placed.path, 'recovered');
  assert.equal(placed.certificateNo, earlier.certificateNo);
  assert.equal(placed.steps.find((s) => s.step === 'chain').keyMatches, true);
  // The key really is the CSR's: node:crypto reads the certificate the workflow read.
  const leaf = new X509Certificate(placed.chain.certificate);
  const csrKey = execOpenssl(['req', '-in', join(DATA_DIR, 'sample.csr.pem'), '-pubkey', '-noout']);
  assert.equal(leaf.publicKey.export({ type: 'spki', format: 'pem' }), csrKey);
  const seen = await m.requestsAfter(0);
  assert.equal(orders(seen).length, 1, 'one order in all');
});

function execOpenssl(args) {
  return execFileSync('openssl', args, { encoding: 'utf8' });
}

// ---------------------------------------------------------------------------------------------
// Lookups that fail, connections that fail.

test('failing lookups after a lost answer: order.outcome_unknown, never resent', async () => {
  const m = await mock('--fault', 'placed-then-504', '--fault', 'unavailable:10@list');
  const fetch = countingFetch();
  const e = await rejection(ncp.placeOrder(sampleRequest({ certificateName: 'unknowable' }), { ...QUICK, fetch, baseUrl: m.url }), 'lookups fail');
  assertNcpError(e, ncp.NcpError, ncp.NcpOrderError, 'outcome unknown');
  assert.equal(e.code, 'order.outcome_unknown');
  assert.ok(e.hint.length > 0);
  assert.ok(e.cause instanceof ncp.NcpApiError, show(e.cause));
  const seen = await m.requestsAfter(fetch.calls.length);
  assert.equal(orders(seen).length, 1);
  assert.equal(posts(seen).length, 1, 'never resent while the outcome is unknown');
  assert.ok(lookups(seen).length >= 1 && lookups(seen).every((r) => r.status === '503'), JSON.stringify(seen));
  assertNoSecret(e, 'outcome unknown');
});

/** A local port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

test('connection refused: nothing was written, resent, then order.not_placed', async () => {
  const port = await closedPort();
  const fetch = countingFetch();
  const e = await rejection(
    ncp.placeOrder(sampleRequest({ certificateName: 'refused' }), { ...QUICK, fetch, baseUrl: `http://127.0.0.1:${port}`, retries: 2 }),
    'refused',
  );
  assertNcpError(e, ncp.NcpError, ncp.NcpOrderError, 'connection refused');
  assert.equal(e.code, 'order.not_placed');
  assert.equal(e.cause.written, false);
  assert.equal(e.cause.code, 'transport.failed');
  assert.match(e.cause.message, /ECONNREFUSED/);
  // Three attempts (retries: 2), no lookup: nothing can have been placed.
  assert.deepEqual(fetch.calls.map((c) => c.method), ['POST', 'POST', 'POST']);
});

test("which fetch failures prove nothing was written: only connect errors; a browser's TypeError does not", async () => {
  const m = await mock();
  // A connect timeout: undici's code; resent without a lookup.
  const timeout = countingFetch((url, init, n) => {
    if (n === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) });
  });
  const a = await ncp.placeOrder(sampleRequest({ certificateName: 'connect-timeout' }), { ...QUICK, fetch: timeout, baseUrl: m.url });
  assert.deepEqual(timeout.calls.map((c) => c.method), ['POST', 'POST']);
  assert.equal(a.steps[0].error.written, false);
  assert.equal(a.path, 'accepted');

  // Happy Eyeballs: every address refused.
  const every = countingFetch((url, init, n) => {
    if (n === 0) {
      const cause = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]);
      throw new TypeError('fetch failed', { cause });
    }
  });
  const b = await ncp.placeOrder(sampleRequest({ certificateName: 'every-address' }), { ...QUICK, fetch: every, baseUrl: m.url });
  assert.equal(b.steps[0].error.written, false);

  // What a browser throws (no cause) and a reset: may have been written, so looked up first.
  for (const [name, error] of [
    ['opaque', new TypeError('Failed to fetch')],
    ['reset', new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })],
  ]) {
    const f = countingFetch((url, init, n) => {
      if (n === 0) throw error;
    });
    const placed = await ncp.placeOrder(sampleRequest({ certificateName: `maybe-${name}` }), { ...QUICK, fetch: f, baseUrl: m.url });
    assert.deepEqual(f.calls.map((c) => c.method), ['POST', 'GET', 'POST'], `${name}: looked up (not found), then resent`);
    assert.equal(placed.steps[0].error.written, true, name);
    assert.equal(placed.path, 'accepted');
  }
  // Six calls reached the mock (the failures above never left the process): four orders.
  const seen = await m.requestsAfter(6);
  assert.equal(seen.length, 6, JSON.stringify(seen));
  assert.equal(orders(seen).length, 4, 'one order per workflow');
});

// ---------------------------------------------------------------------------------------------
// The clock: NCP refuses a skewed timestamp; the core reads NCP's Date and the next attempt is
// signed with the correction, added to the signer's own clock.

test("a clock 10 minutes off: corrected from NCP's Date header, then accepted", async () => {
  const m = await mock('--clock-offset-ms', '600000');
  const fetch = countingFetch();
  const placed = await ncp.placeOrder(sampleRequest({ certificateName: 'skewed' }), { ...QUICK, fetch, baseUrl: m.url });
  const seen = await m.requestsAfter(fetch.calls.length);
  assert.deepEqual(seen.map((r) => [r.status, r.verdict]), [['401', 'auth:timestamp-skew'], ['200', 'accepted']]);
  const corrected = placed.steps.find((s) => s.step === 'clockCorrected');
  assert.ok(Math.abs(corrected.offsetMs - 600_000) < 5_000, JSON.stringify(corrected));

  // A signer whose own clock is already right needs no correction.
  const right = new ncp.Signer({ accessKey: AK, secretKey: SK, clockOffsetMs: 600_000 });
  const again = await ncp.placeOrder(sampleRequest({ certificateName: 'skewed-2' }), { ...QUICK, signer: right, baseUrl: m.url });
  assert.equal(again.attempts, 1);
  right.free();
});

// ---------------------------------------------------------------------------------------------
// Bad input: thrown as the package's errors before anything is sent; never a crash.

test('bad input is refused before anything is sent, with the existing error classes', async () => {
  const never = async () => assert.fail('fetch must not be called');
  const ok = { signer, fetch: never, baseUrl: 'http://127.0.0.1:9' };
  const cyclic = sampleRequest();
  cyclic.extra = { self: cyclic };
  const cases = [
    // [what, request, options, class, code]
    ['a string request', 'nope', ok, ncp.NcpValidationError, 'request.invalid'],
    ['no request', undefined, ok, ncp.NcpValidationError, 'request.invalid'],
    ['an array', [], ok, ncp.NcpValidationError, 'request.invalid'],
    ['an empty request', {}, ok, ncp.NcpValidationError, 'request.invalid'],
    ['a bad CSR', sampleRequest({ csr: 'not a csr' }), ok, ncp.NcpValidationError, 'request.invalid'],
    ['a cycle', cyclic, ok, ncp.NcpValidationError, 'request.invalid'],
    ['no options', sampleRequest(), undefined, ncp.NcpError, 'argument.invalid'],
    ['options not an object', sampleRequest(), 'x', ncp.NcpError, 'argument.invalid'],
    ['no signer', sampleRequest(), { fetch: never }, ncp.NcpError, 'argument.invalid'],
    ['a signer that is not one', sampleRequest(), { ...ok, signer: { accessKey: AK } }, ncp.NcpError, 'argument.invalid'],
    ['fetch not a function', sampleRequest(), { ...ok, fetch: 'fetch' }, ncp.NcpError, 'argument.invalid'],
    ['a negative timeout', sampleRequest(), { ...ok, timeoutMs: -1 }, ncp.NcpError, 'argument.invalid'],
    ['a NaN timeout', sampleRequest(), { ...ok, timeoutMs: NaN }, ncp.NcpError, 'argument.invalid'],
    ['a timeout as text', sampleRequest(), { ...ok, timeoutMs: '30s' }, ncp.NcpError, 'argument.invalid'],
    ['an endless timeout', sampleRequest(), { ...ok, timeoutMs: Infinity }, ncp.NcpError, 'argument.invalid'],
    ['negative retries', sampleRequest(), { ...ok, retries: -1 }, ncp.NcpError, 'argument.invalid'],
    ['fractional retries', sampleRequest(), { ...ok, retries: 1.5 }, ncp.NcpError, 'argument.invalid'],
    ['infinite retries', sampleRequest(), { ...ok, retries: Infinity }, ncp.NcpError, 'argument.invalid'],
    ['an unknown site', sampleRequest(), { ...ok, baseUrl: undefined, site: 'moon' }, ncp.NcpError, 'site.invalid'],
    ['a bad base URL', sampleRequest(), { ...ok, baseUrl: 'ftp://x' }, ncp.NcpError, 'site.invalid'],
    ['a site that is not text', sampleRequest(), { ...ok, site: 7 }, ncp.NcpError, 'argument.invalid'],
    ['an unknown option', sampleRequest(), { ...ok, retry: 1 }, ncp.NcpError, 'argument.invalid'],
    ['a journal (none in JavaScript)', sampleRequest(), { ...ok, journal: '' }, ncp.NcpError, 'argument.invalid'],
  ];
  for (const [what, request, options, cls, code] of cases) {
    const e = await rejection(ncp.placeOrder(request, options), what);
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: ${show(e)}`);
    assertNcpError(e, ncp.NcpError, cls, what);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    assert.ok(!(e instanceof ncp.NcpOrderError), what);
    assertNoSecret(e, what);
  }
  // The package still works afterwards.
  assert.equal(ncp.validate(sampleRequest()).valid, true);
});

test('placeOrder and NcpOrderError: in import and require, not in ncpcert/signer', async () => {
  const { createRequire } = await import('node:module');
  const cjs = createRequire(import.meta.url)('ncpcert');
  for (const entry of [ncp, cjs]) {
    assert.equal(typeof entry.placeOrder, 'function');
    assert.equal(Object.getPrototypeOf(entry.NcpOrderError), entry.NcpError);
  }
  // The require entry's workflow, its own error class.
  const port = await closedPort();
  const e = await rejection(cjs.placeOrder(sampleRequest(), { signer: new cjs.Signer({ accessKey: AK, secretKey: SK }), baseUrl: `http://127.0.0.1:${port}`, retries: 0 }), 'cjs');
  assertNcpError(e, cjs.NcpError, cjs.NcpOrderError, 'cjs');
  assert.equal(e.code, 'order.not_placed');
  const signerEntry = await import('ncpcert/signer');
  assert.equal(signerEntry.placeOrder, undefined, 'ncpcert/signer signs only');
  assert.equal(signerEntry.NcpOrderError, undefined);
});
