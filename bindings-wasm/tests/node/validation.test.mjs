// 4. Validation vectors (tests/vectors/requests.json): validate gives exactly the expected
// findings; prepare throws NcpValidationError for invalid requests and otherwise produces the
// expected body (values and key order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ncp from 'ncpcert';
import { vectors, DATA_DIR, findingKeys, assertFindingShape, assertNcpError, thrown, lowerHeaders, REF } from './helpers.mjs';

const doc = vectors('requests.json');

/** The request of a vector, with the csr from csr_file (as text, or as raw bytes). */
function requestOf(v, asBytes = false) {
  const r = structuredClone(v.request);
  if (v.csr_file) {
    const buf = readFileSync(join(DATA_DIR, v.csr_file));
    r.csr = asBytes ? new Uint8Array(buf) : buf.toString('utf8');
  }
  return r;
}

/** Deep equality that also requires the same key order in every object. */
function assertSameJson(actual, expected, where) {
  assert.deepStrictEqual(actual, expected, where);
  const walk = (a, e, at) => {
    if (Array.isArray(e)) {
      e.forEach((x, i) => walk(a[i], x, `${at}[${i}]`));
    } else if (e !== null && typeof e === 'object') {
      assert.deepEqual(Object.keys(a), Object.keys(e), `${where}: key order at ${at || '(top)'}`);
      for (const k of Object.keys(e)) walk(a[k], e[k], `${at}.${k}`);
    }
  };
  walk(actual, expected, '');
}

function checkVector(v, asBytes) {
  const strict = v.strict === true;
  const expected = findingKeys(v.expect.findings);

  // validate: every finding at once, exactly the expected set.
  const report = ncp.validate(requestOf(v, asBytes), { strict });
  assert.equal(typeof report, 'object');
  assert.ok(Array.isArray(report.findings), 'report.findings is an array');
  report.findings.forEach((f, i) => assertFindingShape(f, `findings[${i}]`));
  assert.deepEqual(findingKeys(report.findings), expected, 'validate findings');
  assert.equal(report.valid, v.expect.valid, 'report.valid');

  // prepare
  if (!v.expect.valid) {
    const err = thrown(() => ncp.prepare(requestOf(v, asBytes), { strict }), 'prepare');
    assertNcpError(err, ncp.NcpError, ncp.NcpValidationError, 'prepare error');
    assert.ok(Array.isArray(err.errors), '.errors is an array');
    assert.ok(Array.isArray(err.warnings), '.warnings is an array');
    err.errors.forEach((f, i) => assertFindingShape(f, `errors[${i}]`));
    err.warnings.forEach((f, i) => assertFindingShape(f, `warnings[${i}]`));
    assert.ok(err.errors.length > 0, 'an invalid request has at least one error');
    for (const f of err.errors) assert.equal(f.severity, 'error', `errors holds errors only (${f.code})`);
    for (const f of err.warnings) assert.equal(f.severity, 'warning', `warnings holds warnings only (${f.code})`);
    assert.deepEqual(findingKeys([...err.errors, ...err.warnings]), expected, 'errors + warnings');
    if (Array.isArray(err.findings)) assert.deepEqual(findingKeys(err.findings), expected, '.findings');
  } else {
    const prepared = ncp.prepare(requestOf(v, asBytes), { strict });
    assert.equal(prepared.method, 'POST');
    assert.equal(prepared.url, REF.url);
    assert.equal(prepared.path, REF.path);
    const h = lowerHeaders(prepared.headers);
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h.accept, 'application/json');
    assert.equal(typeof prepared.body, 'string');
    const body = JSON.parse(prepared.body);
    if (v.expect.body) assertSameJson(body, v.expect.body, 'prepared body');
    assert.ok(Array.isArray(prepared.warnings), 'prepared.warnings is an array');
    prepared.warnings.forEach((f, i) => assertFindingShape(f, `warnings[${i}]`));
    assert.deepEqual(
      findingKeys(prepared.warnings),
      findingKeys(v.expect.findings.filter((f) => f.severity === 'warning')),
      'prepared.warnings',
    );
  }
}

test('requests.json has vectors', () => {
  assert.ok(Array.isArray(doc.vectors) && doc.vectors.length >= 70);
});

for (const v of doc.vectors) {
  test(`request vector ${v.id}${v.strict ? ' (strict)' : ''}`, () => checkVector(v, false));
  if (v.csr_file && !(v.request && 'csr' in v.request)) {
    test(`request vector ${v.id}, csr as Uint8Array`, () => checkVector(v, true));
  }
}

test('validate never changes its argument', () => {
  const v = doc.vectors.find((x) => x.id === 'dns-normalised');
  const r = requestOf(v);
  const copy = structuredClone(r);
  ncp.validate(r);
  ncp.prepare(r);
  assert.deepStrictEqual(r, copy);
});

test('strict turns warnings into errors; non-strict does not', () => {
  const v = doc.vectors.find((x) => x.id === 'method-email');
  const lax = ncp.validate(requestOf(v), { strict: false });
  assert.equal(lax.valid, true);
  const strict = ncp.validate(requestOf(v), { strict: true });
  assert.equal(strict.valid, false);
  assert.deepEqual(findingKeys(strict.findings), ['validationMethod.email_discontinued | validationMethod | error']);
  const err = thrown(() => ncp.prepare(requestOf(v), { strict: true }), 'prepare strict');
  assertNcpError(err, ncp.NcpError, ncp.NcpValidationError, 'prepare strict');
  // Default options are non-strict.
  assert.equal(ncp.validate(requestOf(v)).valid, true);
  ncp.prepare(requestOf(v));
});
