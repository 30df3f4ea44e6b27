// 7. Bad input never kills the module: wrong types, lone UTF-16 surrogates, 10 MB strings and
// bad timestamps each throw an NcpError subclass with a message, and the next normal call works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ncp from 'ncpcert';
import { REF, refSign, sampleRequest, assertNcpError, thrown, show, TEN_MB } from './helpers.mjs';

const { NcpError, NcpSigningError, NcpValidationError, NcpCsrError, NcpApiError } = ncp;

const BIG = 'a'.repeat(TEN_MB);
const BIG_BYTES = new Uint8Array(TEN_MB);

function label(x) {
  if (typeof x === 'string') {
    if (x.length > 64) return `string(${x.length} chars, ends ${JSON.stringify(x.slice(-3))})`;
    return JSON.stringify(x).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  }
  if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'function') return 'function';
  if (typeof x === 'symbol') return 'Symbol()';
  if (typeof x === 'bigint') return `${x}n`;
  if (x === undefined) return 'undefined';
  try {
    const s = JSON.stringify(x);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(x);
  }
}

/** A normal call right after a bad one still gives the right answer. */
function sanity() {
  assert.equal(ncp.sign(REF.method, REF.path, REF.timestamp, REF.accessKey, REF.secretKey), REF.signature, 'sign after');
  const signer = new ncp.Signer({ accessKey: REF.accessKey, secretKey: REF.secretKey });
  assert.equal(signer.headers('post', REF.path, REF.timestamp)['x-ncp-apigw-signature-v2'], REF.signature, 'Signer after');
  signer.free();
}

function sanityRequest() {
  assert.equal(ncp.validate(sampleRequest()).valid, true, 'validate after');
  assert.equal(JSON.parse(ncp.prepare(sampleRequest()).body).commonName, 'www.example.com', 'prepare after');
}

function mustThrow(where, fn, cls) {
  const e = thrown(fn, where);
  assertNcpError(e, NcpError, cls, where);
  return e;
}

const GOOD = { method: 'GET', path: '/api/v1/certificates', ts: 1700000000000, ak: 'AK-robust', sk: 'SK-robust' };

// --- values -------------------------------------------------------------------------------

const WRONG_TYPES = [5, null, undefined, {}, [], true, () => 'x', Symbol('s'), 10n];
const STRINGISH_WRONG = WRONG_TYPES.filter((x) => typeof x !== 'symbol'); // also fed into request objects

const BAD_METHODS = [...WRONG_TYPES, '', 'GE T', 'GET\n', 'GET\r\nX: y', '\uD800', 'G\uDC00T', 'GÉT', 'A'.repeat(TEN_MB) + ' '];
const BAD_PATHS = [
  ...WRONG_TYPES, '', 'no-leading-slash', 'https://h.example.com/x', '/a b', '/a\nb', '/a\tb', '/a#frag',
  '/caf\u00e9', '/\uD800', '/a\uDC00b', '/ok?x=\uD83D', '/a"b', '/a<b>', '/a\\b', '/a^b', '/a`b', '/a{b}', '/a|b',
  '/' + BIG + ' ', '/' + BIG + '\uD800',
];
const BAD_TIMESTAMPS = [
  NaN, -1, 1.5, 2 ** 53, Infinity, -Infinity, 1_700_000_000, 0, 999_999_999_999, -0.5, 1e12 + 0.5,
  '1700000000000', null, {}, [], [1700000000000], true,
];
const BAD_KEYS = [...WRONG_TYPES, '', ' ', 'A K', 'AK\n', '\tAK', 'caf\u00e9', '\uD800', 'K\uDBFF', 'K\u0000K', BIG + ' ', BIG + '\u00e9'];

// --- sign -----------------------------------------------------------------------------------

for (const m of BAD_METHODS) {
  test(`sign: bad method ${label(m)}`, () => {
    mustThrow('sign', () => ncp.sign(m, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk), NcpSigningError);
    sanity();
  });
}
for (const p of BAD_PATHS) {
  test(`sign: bad path ${label(p)}`, () => {
    mustThrow('sign', () => ncp.sign(GOOD.method, p, GOOD.ts, GOOD.ak, GOOD.sk), NcpSigningError);
    sanity();
  });
}
for (const t of BAD_TIMESTAMPS) {
  test(`sign: bad timestamp ${label(t)}`, () => {
    mustThrow('sign', () => ncp.sign(GOOD.method, GOOD.path, t, GOOD.ak, GOOD.sk), NcpSigningError);
    sanity();
  });
}
test('sign: timestamp in seconds (1_700_000_000) is refused with a message about seconds', () => {
  const e = mustThrow('sign', () => ncp.sign(GOOD.method, GOOD.path, 1_700_000_000, GOOD.ak, GOOD.sk), NcpSigningError);
  assert.match(e.message, /second/i);
  sanity();
});
test('sign: non-ASCII path is refused with a message about percent-encoding', () => {
  const e = mustThrow('sign', () => ncp.sign(GOOD.method, '/인증서', GOOD.ts, GOOD.ak, GOOD.sk), NcpSigningError);
  assert.match(e.message, /percent|encod/i);
  sanity();
});
for (const k of BAD_KEYS) {
  test(`sign: bad access key ${label(k)}`, () => {
    mustThrow('sign', () => ncp.sign(GOOD.method, GOOD.path, GOOD.ts, k, GOOD.sk), NcpSigningError);
    sanity();
  });
  test(`sign: bad secret key ${label(k)}`, () => {
    mustThrow('sign', () => ncp.sign(GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, k), NcpSigningError);
    sanity();
  });
}
test('sign: missing arguments', () => {
  mustThrow('sign()', () => ncp.sign(), NcpSigningError);
  mustThrow('sign(m, p)', () => ncp.sign('GET', '/x'), NcpSigningError);
  mustThrow('sign(m, p, t, ak)', () => ncp.sign('GET', '/x', GOOD.ts, 'AK'), NcpSigningError);
  sanity();
});

// Legal but huge: either the right signature or a clean NcpSigningError, never a crash.
const HUGE_LEGAL = [
  ['path', () => ['GET', '/' + BIG, GOOD.ts, GOOD.ak, GOOD.sk]],
  ['access key', () => ['GET', '/x', GOOD.ts, 'K'.repeat(TEN_MB), GOOD.sk]],
  ['secret key', () => ['GET', '/x', GOOD.ts, GOOD.ak, 'S'.repeat(TEN_MB)]],
  ['method', () => ['GET'.repeat(TEN_MB / 3), '/x', GOOD.ts, GOOD.ak, GOOD.sk]],
];
for (const [what, args] of HUGE_LEGAL) {
  test(`sign: 10 MB (legal) ${what} signs correctly or throws NcpSigningError`, () => {
    const a = args();
    let got;
    try {
      got = ncp.sign(...a);
    } catch (e) {
      assertNcpError(e, NcpError, NcpSigningError, `sign 10 MB ${what}`);
      sanity();
      return;
    }
    assert.equal(got, refSign(...a));
    sanity();
  });
}

// --- Signer ---------------------------------------------------------------------------------

const BAD_SIGNER_OPTIONS = [
  undefined, null, 5, 'AK', [], {}, true,
  { accessKey: 'AK' }, { secretKey: 'SK' },
  ...BAD_KEYS.map((k) => ({ accessKey: k, secretKey: 'SK' })),
  ...BAD_KEYS.map((k) => ({ accessKey: 'AK', secretKey: k })),
];
for (const o of BAD_SIGNER_OPTIONS) {
  // Options that are not an object are a wrong argument (argument.invalid); missing or bad
  // keys are the core's signing errors.
  const notObject = o !== undefined && o !== null && (typeof o !== 'object' || Array.isArray(o));
  test(`new Signer(${label(o)}) throws ${notObject ? 'NcpError argument.invalid' : 'NcpSigningError'}`, () => {
    const e = mustThrow('new Signer', () => new ncp.Signer(o), notObject ? NcpError : NcpSigningError);
    if (notObject) assert.equal(e.code, 'argument.invalid');
    sanity();
  });
}

// Bad clocks: the constructor or the first headers() call throws NcpSigningError.
const BAD_CLOCKS = [
  { now: 5 }, { now: 'Date.now' }, { now: {} },
  { now: () => NaN }, { now: () => -1 }, { now: () => 1.5 }, { now: () => 2 ** 53 }, { now: () => Infinity },
  { now: () => 1_700_000_000 }, { now: () => '1700000000000' }, { now: () => undefined }, { now: () => null },
  { clockOffsetMs: NaN }, { clockOffsetMs: Infinity }, { clockOffsetMs: '5' }, { clockOffsetMs: {} },
  { clockOffsetMs: 2 ** 53 }, { clockOffsetMs: -1_700_000_000_000 },
  { now: () => 1_700_000_000_000, clockOffsetMs: -1_699_000_000_000 },
];
for (const c of BAD_CLOCKS) {
  const shown = Object.entries(c).map(([k, v]) => `${k}: ${typeof v === 'function' ? `() => ${label(v())}` : label(v)}`).join(', ');
  test(`Signer with bad clock {${shown}}: headers() throws NcpSigningError`, () => {
    mustThrow('Signer clock', () => {
      const s = new ncp.Signer({ accessKey: 'AK', secretKey: 'SK', ...c });
      return s.headers('GET', '/x');
    }, NcpSigningError);
    sanity();
  });
}

test('Signer.headers: bad method, path and timestamp each throw NcpSigningError', () => {
  const s = new ncp.Signer({ accessKey: GOOD.ak, secretKey: GOOD.sk });
  for (const m of BAD_METHODS) {
    mustThrow(`headers method ${label(m)}`, () => s.headers(m, GOOD.path, GOOD.ts), NcpSigningError);
  }
  for (const p of BAD_PATHS) {
    mustThrow(`headers path ${label(p)}`, () => s.headers(GOOD.method, p, GOOD.ts), NcpSigningError);
  }
  for (const t of BAD_TIMESTAMPS.filter((x) => x !== null)) {
    mustThrow(`headers timestamp ${label(t)}`, () => s.headers(GOOD.method, GOOD.path, t), NcpSigningError);
  }
  // The same signer still works.
  assert.equal(s.headers(GOOD.method, GOOD.path, GOOD.ts)['x-ncp-apigw-signature-v2'],
    refSign(GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk));
  s.free();
  sanity();
});

test('Signer.signRequest: bad prepared requests and timestamps throw NcpError / NcpSigningError', () => {
  const s = new ncp.Signer({ accessKey: GOOD.ak, secretKey: GOOD.sk });
  const prepared = ncp.prepare(sampleRequest());
  // Not an object: a wrong argument. An object without method and path: the core's signing error.
  for (const b of [null, undefined, 5, 'x']) {
    const e = mustThrow(`signRequest ${label(b)}`, () => s.signRequest(b, GOOD.ts), NcpError);
    assert.equal(e.code, 'argument.invalid', `signRequest ${label(b)}`);
  }
  for (const b of [[], {}]) mustThrow(`signRequest ${label(b)}`, () => s.signRequest(b, GOOD.ts), NcpSigningError);
  for (const t of BAD_TIMESTAMPS.filter((x) => x !== null)) {
    mustThrow(`signRequest timestamp ${label(t)}`, () => s.signRequest(prepared, t), NcpSigningError);
  }
  const ok = s.signRequest(prepared, GOOD.ts);
  assert.equal(ok.headers['x-ncp-apigw-signature-v2'], refSign('POST', REF.path, GOOD.ts, GOOD.ak, GOOD.sk));
  s.free();
  sanity();
});

test('Signer after free() throws NcpError internal.misuse, other signers unaffected', () => {
  const s = new ncp.Signer({ accessKey: GOOD.ak, secretKey: GOOD.sk });
  s.free();
  const e = thrown(() => s.headers(GOOD.method, GOOD.path, GOOD.ts), 'headers after free');
  assert.ok(e instanceof Error, show(e));
  assertNcpError(e, NcpError, NcpError, 'headers after free');
  assert.equal(e.code, 'internal.misuse');
  sanity();
});

// --- verify ---------------------------------------------------------------------------------

test('verify: bad inputs give false, an NcpSigningError or (a signature that is not a string) argument.invalid', () => {
  const sig = refSign(GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk);
  const argsList = [];
  for (const m of BAD_METHODS) argsList.push([m, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk, sig]);
  for (const p of BAD_PATHS) argsList.push([GOOD.method, p, GOOD.ts, GOOD.ak, GOOD.sk, sig]);
  for (const t of BAD_TIMESTAMPS) argsList.push([GOOD.method, GOOD.path, t, GOOD.ak, GOOD.sk, sig]);
  for (const k of BAD_KEYS) argsList.push([GOOD.method, GOOD.path, GOOD.ts, k, GOOD.sk, sig]);
  for (const k of BAD_KEYS) argsList.push([GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, k, sig]);
  for (const g of [...WRONG_TYPES, '\uD800', BIG]) argsList.push([GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk, g]);
  for (const args of argsList) {
    let got;
    try {
      got = ncp.verify(...args);
    } catch (e) {
      const where = `verify(${args.map(label).join(', ')})`;
      if (typeof args[5] !== 'string') {
        assertNcpError(e, NcpError, NcpError, where);
        assert.equal(e.code, 'argument.invalid', where);
      } else {
        assertNcpError(e, NcpError, NcpSigningError, where);
      }
      continue;
    }
    assert.equal(got, false, `verify(${args.map(label).join(', ')})`);
  }
  assert.equal(ncp.verify(GOOD.method, GOOD.path, GOOD.ts, GOOD.ak, GOOD.sk, sig), true);
  sanity();
});

// --- validate / prepare ---------------------------------------------------------------------

const NOT_OBJECTS = [null, undefined, 5, 'request', [], true, 10n];
for (const r of NOT_OBJECTS) {
  test(`validate(${label(r)}) throws NcpError (wrong argument type)`, () => {
    mustThrow('validate', () => ncp.validate(r), undefined);
    sanityRequest();
    sanity();
  });
  test(`prepare(${label(r)}) throws NcpValidationError with the reason in .errors`, () => {
    const e = mustThrow('prepare', () => ncp.prepare(r), NcpValidationError);
    assert.ok(Array.isArray(e.errors) && e.errors.length > 0, '.errors non-empty');
    sanityRequest();
    sanity();
  });
}

function jsonable(v) {
  if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') return false;
  if (Array.isArray(v)) return v.every(jsonable);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.values(v).every(jsonable);
  return true;
}

const FIELD_CASES = [];
for (const field of ['csr', 'certificateType', 'certificateName', 'commonName', 'validationMethod']) {
  for (const v of STRINGISH_WRONG.filter((x) => x !== undefined && x !== null)) FIELD_CASES.push([field, v]);
  FIELD_CASES.push([field, null]);
  FIELD_CASES.push([field, '\uD800']);
  FIELD_CASES.push([field, BIG]);
}
FIELD_CASES.push(
  ['certificateName', 'www-ex\uD800ample'],
  ['certificateName', 'www-example\uDFFF'],
  ['commonName', '\uD800.example.com'],
  ['commonName', 'www.exa\uDC00mple.com'],
  ['csr', sampleRequest().csr.replace('-----END', '\uD800-----END')],
  ['csr', BIG_BYTES],
  ['csr', new Uint8Array(0)],
  ['csr', ''],
  ['dnsName', 5], ['dnsName', {}], ['dnsName', 'www.example.com'], ['dnsName', [null]], ['dnsName', [{}]],
  ['dnsName', [5]], ['dnsName', [[]]], ['dnsName', ['\uD800']], ['dnsName', ['www.example.com', 'a\uDC00.example.com']],
  ['dnsName', [BIG]], ['dnsName', Array(5000).fill('www.example.com').map((d, i) => `h${i}.${d}`).concat([BIG])],
  ['organizationNo', NaN], ['organizationNo', Infinity], ['organizationNo', -1],
  ['organizationNo', 1.5], ['organizationNo', {}], ['organizationNo', '\uD800'], ['organizationNo', BIG],
  ['extra', 5], ['extra', 'x'], ['extra', [1]], ['extra', { csr: 'x' }], ['extra', { note: '\uD800' }],
  ['extra', { '\uD800': 1 }],
);

for (const [field, value] of FIELD_CASES) {
  // organizationNo matters for OV only: test it on an OV request.
  const base = field === 'organizationNo' ? { certificateType: 'OV' } : {};
  test(`request field ${field} = ${label(value)}: validate reports it, prepare throws NcpValidationError`, () => {
    const req = sampleRequest({ ...base, [field]: value });
    let report;
    try {
      report = ncp.validate(req);
    } catch (e) {
      // index.d.ts: validate never throws for a bad request. Values JSON cannot carry
      // (functions, bigint) may count as a wrong argument type instead.
      if (!jsonable(value)) {
        assertNcpError(e, NcpError, undefined, 'validate');
        report = { valid: false, findings: [{ severity: 'error' }] };
      } else {
        assert.fail(`validate threw for a bad request (index.d.ts: never throws for a bad request): ${show(e)}`);
      }
    }
    assert.equal(report.valid, false, `report.valid (findings: ${JSON.stringify(report.findings?.map((f) => [f.code, f.field, f.severity]))})`);
    assert.ok(report.findings.some((f) => f.severity === 'error'), 'an error finding');
    const e = mustThrow('prepare', () => ncp.prepare(sampleRequest({ ...base, [field]: value })), NcpValidationError);
    assert.ok(Array.isArray(e.errors) && e.errors.length > 0, '.errors non-empty');
    assert.ok(Array.isArray(e.warnings), '.warnings is an array');
    sanityRequest();
    sanity();
  });
}

const BAD_PREPARE_OPTIONS = [
  { site: 'mars' }, { site: 5 }, { site: '\uD800' },
  { baseUrl: 'ftp://example.com' }, { baseUrl: 'example.com' }, { baseUrl: 5 }, { baseUrl: 'http://h/\uD800' },
  { baseUrl: 'http://exa mple.com' }, { baseUrl: 'https://example.com/pre fix' }, { baseUrl: 'https://' + BIG + ' .com' },
];
for (const o of BAD_PREPARE_OPTIONS) {
  test(`prepare(sample, ${label(o)}) throws NcpError`, () => {
    mustThrow('prepare', () => ncp.prepare(sampleRequest(), o), undefined);
    sanityRequest();
  });
}

// --- inspectCsr -----------------------------------------------------------------------------

const BAD_CSRS = [
  5, null, undefined, {}, [], true, 10n, new ArrayBuffer(8), [48, 130],
  '', 'hello', '\uD800', '-----BEGIN CERTIFICATE REQUEST-----\n\uD800\n-----END CERTIFICATE REQUEST-----\n',
  BIG, '-----BEGIN CERTIFICATE REQUEST-----\n' + BIG + '\n-----END CERTIFICATE REQUEST-----\n',
  new Uint8Array(0), BIG_BYTES, new Uint8Array([0x30, 0x82, 0xff, 0xff]), new Uint8Array([0x30, 0x80, 0x00, 0x00]),
];
for (const c of BAD_CSRS) {
  test(`inspectCsr(${label(c)}) throws NcpCsrError`, () => {
    const e = mustThrow('inspectCsr', () => ncp.inspectCsr(c), NcpCsrError);
    assert.equal(typeof e.field, 'string', '.field is a string');
    sanity();
    assert.deepEqual(ncp.inspectCsr(sampleRequest().csr).findings, [], 'inspectCsr after');
  });
}
test('inspectCsr: 10 MB input is refused as csr.too_large', () => {
  for (const c of [BIG, BIG_BYTES]) {
    const e = mustThrow('inspectCsr', () => ncp.inspectCsr(c), NcpCsrError);
    assert.equal(e.code, 'csr.too_large', label(c));
  }
});

// --- parseResponse --------------------------------------------------------------------------

const BAD_STATUSES = ['200', NaN, -1, 0, 99, 600, 1000, 200.5, Infinity, null, undefined, {}, 200n, 2 ** 53];
for (const s of BAD_STATUSES) {
  test(`parseResponse(${label(s)}, body) throws NcpError`, () => {
    mustThrow('parseResponse', () => ncp.parseResponse(s, '{"returnCode":"0"}'), undefined);
    sanity();
  });
}
const BAD_BODIES = [5, null, undefined, {}, [], true, 10n, new ArrayBuffer(4)];
for (const b of BAD_BODIES) {
  test(`parseResponse(200, ${label(b)}) throws NcpError`, () => {
    mustThrow('parseResponse', () => ncp.parseResponse(200, b), undefined);
    sanity();
  });
}
test('parseResponse: lone surrogates in a string body never crash', () => {
  for (const body of ['\uD800', '{"returnCode":"\uD800"}', '{"error":{"errorCode":"200","message":"\uDC00"}}',
    '{"returnCode":"0","paidCertificate":{"certificateNo":1,"statusCode":0,"requestSn":"\uD800"}}']) {
    for (const status of [200, 401, 502]) {
      try {
        const r = ncp.parseResponse(status, body);
        assert.equal(typeof r, 'object');
      } catch (e) {
        assertNcpError(e, NcpError, NcpApiError, `parseResponse(${status}, ${label(body)})`);
      }
    }
  }
  sanity();
});

// Regression: JSON.stringify turned Infinity/NaN (what JSON.parse makes of 1e400) into null,
// which the core read as "absent" (organizationNo.required instead of a bad value), and
// validate threw for a request nested too deeply for JSON.stringify although it never throws
// for a bad request.
test('validate reports numbers JSON cannot carry instead of dropping them', () => {
  for (const value of [Infinity, -Infinity, NaN, JSON.parse('1e400')]) {
    const req = sampleRequest({ certificateType: 'OV', organizationNo: value });
    const report = ncp.validate(req);
    assert.equal(report.valid, false);
    assert.deepEqual(report.findings.map((f) => f.code), ['request.invalid'], label(value));
    assert.match(report.findings[0].message, /organizationNo/);
    const e = mustThrow('prepare', () => ncp.prepare(req), NcpValidationError);
    assert.equal(e.code, 'request.invalid');
    const extra = ncp.validate(sampleRequest({ extra: { validityPeriod: value } }));
    assert.deepEqual(extra.findings.map((f) => f.code), ['request.invalid'], `extra ${label(value)}`);
  }
  sanityRequest();
});

test('validate returns a report for a request nested too deeply for JSON.stringify', () => {
  let deep = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const report = ncp.validate(sampleRequest({ extra: { deep } }));
  assert.equal(report.valid, false);
  assert.equal(report.findings[0].code, 'request.invalid');
  mustThrow('prepare', () => ncp.prepare(sampleRequest({ extra: { deep } })), NcpValidationError);
  sanityRequest();
});
