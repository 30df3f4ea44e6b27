// The signing-only entry `ncpcert/signer` (SPEC §13): the same signatures, verdicts, headers
// and errors as the full entry, from its own .wasm, through `import` and `require`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as full from 'ncpcert';
import * as signer from 'ncpcert/signer';
import { REF, vectors } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('ncpcert/signer exports signing, the errors and init, nothing else', () => {
  const names = Object.keys(signer).filter((k) => k !== 'default').sort();
  assert.deepEqual(names, [
    'NcpApiError', 'NcpCsrError', 'NcpError', 'NcpSigningError', 'NcpValidationError', 'Signer', 'init', 'sign', 'verify',
  ]);
  const cjs = Object.keys(require('ncpcert/signer')).filter((k) => k !== 'default' && k !== '__esModule').sort();
  assert.deepEqual(cjs, names);
});

test('ncpcert/signer: the signature vectors, by sign, Signer and verify', () => {
  for (const v of vectors('signature_v2.json').vectors) {
    const ts = Number(v.timestamp);
    assert.equal(signer.sign(v.method, v.url, ts, v.access_key, v.secret_key), v.expected_signature, v.id);
    const s = new signer.Signer({ accessKey: v.access_key, secretKey: v.secret_key });
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(s.headers(v.method, v.url, ts), full.Signer.prototype.headers.call(
        new full.Signer({ accessKey: v.access_key, secretKey: v.secret_key }), v.method, v.url, ts), v.id);
    }
    assert.equal(signer.verify(v.method, v.url, ts, v.access_key, v.secret_key, v.expected_signature), true, v.id);
    assert.equal(signer.verify(v.method, v.url, ts + 1, v.access_key, v.secret_key, v.expected_signature), false, v.id);
  }
});

test('ncpcert/signer: signRequest and wrapFetch sign like the full entry', async () => {
  const keys = { accessKey: REF.accessKey, secretKey: REF.secretKey };
  const prepared = { method: 'post', url: REF.url, path: REF.path, headers: { 'content-type': 'application/json' }, body: '{}' };
  assert.deepEqual(new signer.Signer(keys).signRequest(prepared, REF.timestamp), new full.Signer(keys).signRequest(prepared, REF.timestamp));
  let seen;
  const fetched = new signer.Signer({ ...keys, now: () => REF.timestamp }).wrapFetch(async (input, init) => {
    seen = init.headers;
    return 'answer';
  });
  assert.equal(await fetched(REF.url, { method: 'POST' }), 'answer');
  assert.equal(seen.get('x-ncp-apigw-signature-v2'), REF.signature);
});

test('ncpcert/signer: the same errors as the full entry, of the same classes', () => {
  const cases = [
    ['', REF.path, REF.timestamp, REF.accessKey, REF.secretKey],
    ['POST', 'no-slash', REF.timestamp, REF.accessKey, REF.secretKey],
    ['POST', REF.path, 1.5, REF.accessKey, REF.secretKey],
    ['POST', REF.path, -1, REF.accessKey, REF.secretKey],
    ['POST', REF.path, Number.NaN, REF.accessKey, REF.secretKey],
    ['POST', REF.path, 1e20, REF.accessKey, REF.secretKey],
    ['POST', REF.path, 1700000000, REF.accessKey, REF.secretKey],
    ['POST', REF.path, REF.timestamp, '', REF.secretKey],
    ['POST', REF.path, REF.timestamp, REF.accessKey, 'with space'],
    ['POST', REF.path, '1700000000000', REF.accessKey, REF.secretKey],
  ];
  const caught = (fn) => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    assert.fail('no error thrown');
  };
  for (const args of cases) {
    const a = caught(() => full.sign(...args));
    const b = caught(() => signer.sign(...args));
    assert.ok(b instanceof full.NcpSigningError && b instanceof signer.NcpError, String(b));
    assert.deepEqual([b.name, b.code, b.message], [a.name, a.code, a.message], JSON.stringify(args));
  }
});
