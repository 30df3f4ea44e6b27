// The order workflow's entry `ncpcert/order` (SPEC §9, §13, §14): its own .wasm, the same
// error classes as the main entry, and the main entry's placeOrder loading that module on its
// first call only — observed from outside the package, in child processes, by the files Node
// reads and the modules it has loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ncp from 'ncpcert';
import * as order from 'ncpcert/order';
import { DATA_DIR, TESTS_DIR, REF, sampleRequest } from './helpers.mjs';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = join(TESTS_DIR, 'node_modules', 'ncpcert');
const ORDER_WASM = 'ncpcert_wasm_order_bg.wasm';
const ERRORS = ['NcpApiError', 'NcpCsrError', 'NcpError', 'NcpOrderError', 'NcpSigningError', 'NcpValidationError'];

test('ncpcert/order exports placeOrder, the errors and init, in import and require alike', () => {
  const names = Object.keys(order).filter((k) => k !== 'default').sort();
  assert.deepEqual(names, [...ERRORS, 'init', 'placeOrder'].sort());
  const cjs = Object.keys(require('ncpcert/order')).filter((k) => k !== 'default' && k !== '__esModule').sort();
  assert.deepEqual(cjs, names);
  assert.equal(typeof order.placeOrder, 'function');
  assert.equal(order.default, order.init);
});

test('the error classes are the same from ncpcert and ncpcert/order (ESM with ESM, CommonJS with CommonJS)', () => {
  const cjsMain = require('ncpcert');
  const cjsOrder = require('ncpcert/order');
  for (const name of ERRORS) {
    assert.equal(order[name], ncp[name], `import: ${name}`);
    assert.equal(cjsOrder[name], cjsMain[name], `require: ${name}`);
  }
  assert.ok(Object.getPrototypeOf(order.NcpOrderError) === ncp.NcpError);
});

/**
 * A fetch that answers the issuance request as NCP does (accepted, certificate 1000) after
 * checking that it is the request `prepare` makes, and fails anything else.
 */
const ACCEPTING_FETCH = `async (url, init) => {
  if (init.method !== 'POST' || !String(url).endsWith('/requestPaidCertificateIssuance')) throw new Error('unexpected ' + init.method + ' ' + url);
  const body = { returnCode: '0', returnMessage: 'success', totalRows: 1, paidCertificate: { certificateNo: 1000, requestSn: '0'.repeat(32), certificateName: 'lazy', statusCode: '0', statusName: 'Ongoing', regDate: '2026-12-01 17:50:00' } };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}`;

/**
 * Runs `body` in a child Node process whose fs.readFileSync records every path read (set
 * before the package loads), and returns what the script printed as JSON. `reads(part)` in
 * the script counts the reads of paths ending with `part`.
 */
function child(kind, body) {
  const request = JSON.stringify(sampleRequest({ certificateName: 'lazy' }));
  const spy = `
    const fs = require('node:fs');
    const read = [];
    const original = fs.readFileSync;
    fs.readFileSync = function (path, ...rest) {
      read.push(String(path instanceof URL ? path.pathname : path));
      return original.call(this, path, ...rest);
    };
    require('node:module').syncBuiltinESMExports();
    const reads = (part) => read.filter((p) => p.endsWith(part)).length;
    const request = ${request};
    const fakeFetch = ${ACCEPTING_FETCH};
  `;
  const script =
    kind === 'esm'
      ? `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(join(HERE, 'x.mjs'))});\n${spy}\n${body}`
      : `(async () => {\n${spy}\n${body}\n})().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, kind === 'esm' ? ['--input-type=module', '-e', script] : ['-e', script], {
    cwd: HERE,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const SIGNER = `new ncp.Signer({ accessKey: ${JSON.stringify(REF.accessKey)}, secretKey: ${JSON.stringify(REF.secretKey)} })`;

test('import "ncpcert": the order .wasm is read on the first placeOrder that gets past validation, not before', () => {
  const r = child(
    'esm',
    `
    const ncp = await import('ncpcert');
    const signer = ${SIGNER};
    ncp.sign('POST', '/a', 1700000000000, 'AK', 'SK');
    ncp.prepare(request);
    const atLoad = reads('${ORDER_WASM}');
    const bad = await ncp.placeOrder({}, { signer, fetch: fakeFetch }).then(() => 'resolved', (e) => e.name + ' ' + e.code);
    const afterBad = reads('${ORDER_WASM}');
    const placed = await ncp.placeOrder(request, { signer, fetch: fakeFetch });
    const again = await ncp.placeOrder(request, { signer, fetch: fakeFetch });
    console.log(JSON.stringify({ atLoad, bad, afterBad, after: reads('${ORDER_WASM}'), full: reads('ncpcert_wasm_bg.wasm'), placed: placed.path + ' ' + placed.certificateNo, again: again.path }));
    `,
  );
  assert.equal(r.atLoad, 0, 'read when the entry loaded');
  assert.equal(r.bad, 'NcpValidationError request.invalid');
  assert.equal(r.afterBad, 0, 'read for a request that was refused before anything was sent');
  assert.equal(r.placed, 'accepted 1000');
  assert.equal(r.again, 'accepted');
  assert.equal(r.after, 1, 'read once, then kept');
  assert.equal(r.full, 1);
});

test('require("ncpcert"): the order module is neither read nor required before the first placeOrder', () => {
  const r = child(
    'cjs',
    `
    const ncp = require('ncpcert');
    const signer = ${SIGNER};
    const loaded = () => Object.keys(require.cache).filter((k) => k.includes('/ncpcert/order/')).map((k) => k.slice(k.lastIndexOf('/order/')));
    ncp.prepare(request);
    const atLoad = { reads: reads('${ORDER_WASM}'), modules: loaded() };
    const placed = await ncp.placeOrder(request, { signer, fetch: fakeFetch });
    console.log(JSON.stringify({ atLoad, after: { reads: reads('${ORDER_WASM}'), modules: loaded() }, placed: placed.path }));
    `,
  );
  assert.deepEqual(r.atLoad, { reads: 0, modules: [] });
  assert.equal(r.placed, 'accepted');
  assert.equal(r.after.reads, 1);
  assert.ok(r.after.modules.includes('/order/node.cjs'), JSON.stringify(r.after.modules));
});

test('a copy of the package without the order .wasm still loads and signs; only placeOrder fails, saying which file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ncpcert-no-order-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    cpSync(PACKAGE, join(dir, 'node_modules', 'ncpcert'), { recursive: true });
    rmSync(join(dir, 'node_modules', 'ncpcert', 'order', ORDER_WASM));
    symlinkSync(DATA_DIR, join(dir, 'data'), 'dir');
    const script = `
      const ncp = await import('ncpcert');
      const signer = new ncp.Signer({ accessKey: 'AK', secretKey: 'SK' });
      const prepared = ncp.prepare({ csr: (await import('node:fs')).readFileSync('data/sample.csr.pem', 'utf8'), certificateType: 'DV', certificateName: 'x', commonName: 'www.example.com', validationMethod: 'D' });
      const signature = signer.signRequest(prepared, 1700000000000).headers['x-ncp-apigw-signature-v2'];
      const failed = await ncp.placeOrder({ csr: (await import('node:fs')).readFileSync('data/sample.csr.pem', 'utf8'), certificateType: 'DV', certificateName: 'x', commonName: 'www.example.com', validationMethod: 'D' }, { signer, fetch: async () => { throw new Error('sent'); } })
        .then(() => 'resolved', (e) => e.code + ' ' + e.message);
      console.log(JSON.stringify({ signature, failed }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const r = JSON.parse(out.trim());
    assert.equal(r.signature.length, 44);
    assert.match(r.failed, /^ENOENT .*ncpcert_wasm_order_bg\.wasm/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ncpcert/order alone: placeOrder prepares with the full module and throws its errors', async () => {
  const signer = new ncp.Signer({ accessKey: REF.accessKey, secretKey: REF.secretKey });
  const never = async () => assert.fail('nothing may be sent');
  await assert.rejects(order.placeOrder({ certificateType: 'DV' }, { signer, fetch: never }), (e) => e instanceof order.NcpValidationError && e.code === 'request.invalid');
  await assert.rejects(order.placeOrder(sampleRequest(), { signer, fetch: never, site: 'moon' }), (e) => e instanceof order.NcpError && e.code === 'site.invalid');
  await assert.rejects(order.placeOrder(sampleRequest(), { signer, fetch: never, strict: 'yes' }), (e) => e instanceof order.NcpError && e.code === 'argument.invalid');
  signer.free();
});
