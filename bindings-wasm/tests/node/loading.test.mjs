// 1. Module loading: the packed tarball installs into a fresh project, and both `require` and
// `import` load it with no init step; CJS and ESM export the same names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as ncp from 'ncpcert';
import { tarballPath, REF, refSign } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** Runtime exports promised by index.d.ts (besides the default export `init`). */
const EXPECTED = [
  'NcpApiError',
  'NcpCsrError',
  'NcpError',
  'NcpOrderError',
  'NcpSigningError',
  'NcpValidationError',
  'Signer',
  'getCertificateChain',
  'inspectCsr',
  'listAdvancedCertificates',
  'listDcvStatuses',
  'listOrganizations',
  'parseCertificateChain',
  'parseCertificateList',
  'parseDcvStatuses',
  'parseOrganizations',
  'parseResponse',
  'placeOrder',
  'prepare',
  'sign',
  'transportOutcome',
  'validate',
  'validationDomains',
  'verify',
];

const namesOf = (obj) => Object.keys(obj).filter((k) => k !== 'default' && k !== '__esModule').sort();

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ncpcert-install-'));
  const run = (cmd, args) =>
    execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  run('npm', ['init', '-y']);
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', tarballPath()]);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function node(args) {
  return execFileSync(process.execPath, args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

test('tarball installs into a fresh npm project', () => {
  assert.ok(existsSync(join(dir, 'node_modules', 'ncpcert', 'package.json')));
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'ncpcert', 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'ncpcert');
});

test('node -e "require(\'ncpcert\')" succeeds in the fresh project', () => {
  node(['-e', "require('ncpcert')"]);
});

test('node --input-type=module -e "import(\'ncpcert\')" succeeds in the fresh project', () => {
  // A rejected import() would end the process with a non-zero status (unhandled rejection).
  node(['--input-type=module', '-e', "import('ncpcert')"]);
  // And the namespace it resolves to is usable with no init step.
  const out = node([
    '--input-type=module',
    '-e',
    "const m = await import('ncpcert'); process.stdout.write(m.sign('POST', " +
      `${JSON.stringify(REF.path)}, ${REF.timestamp}, ${JSON.stringify(REF.accessKey)}, ` +
      `${JSON.stringify(REF.secretKey)}))`,
  ]);
  assert.equal(out, REF.signature);
});

test('require() in the fresh project signs with no init step', () => {
  const out = node([
    '-e',
    "const m = require('ncpcert'); process.stdout.write(m.sign('get', '/a?b=1', 1700000000123, 'AK1', 'SK1'))",
  ]);
  assert.equal(out, refSign('GET', '/a?b=1', 1700000000123, 'AK1', 'SK1'));
});

test('installed package: CJS and ESM export the same names (fresh project)', () => {
  const out = node([
    '--input-type=module',
    '-e',
    "import { createRequire } from 'node:module';" +
      "const c = createRequire(process.cwd() + '/x.js')('ncpcert');" +
      "const e = await import('ncpcert');" +
      'process.stdout.write(JSON.stringify({ c: Object.keys(c), e: Object.keys(e) }));',
  ]);
  const { c, e } = JSON.parse(out);
  assert.deepEqual(namesOf(Object.fromEntries(c.map((k) => [k, 1]))), namesOf(Object.fromEntries(e.map((k) => [k, 1]))));
});

test('CJS and ESM export the same names (this project)', async () => {
  const cjs = require('ncpcert');
  const esm = await import('ncpcert');
  assert.deepEqual(namesOf(cjs), namesOf(esm));
});

test('every runtime export of index.d.ts is present, ESM and CJS', () => {
  const cjs = require('ncpcert');
  for (const name of EXPECTED) {
    assert.equal(typeof ncp[name], 'function', `ESM export ${name}`);
    assert.equal(typeof cjs[name], 'function', `CJS export ${name}`);
  }
  assert.equal(typeof ncp.default, 'function', 'ESM default export init()');
});

test('ESM default export init() resolves (no-op in Node) and the module still works', async () => {
  await ncp.default();
  assert.equal(ncp.sign(REF.method, REF.path, REF.timestamp, REF.accessKey, REF.secretKey), REF.signature);
});

test('error classes form the documented hierarchy', () => {
  for (const name of ['NcpValidationError', 'NcpSigningError', 'NcpCsrError', 'NcpApiError']) {
    assert.ok(ncp[name].prototype instanceof ncp.NcpError, `${name} extends NcpError`);
  }
  assert.ok(ncp.NcpError.prototype instanceof Error, 'NcpError extends Error');
});

test('the other entries never load ncpcert/keys: its .wasm is not read, its code not imported', () => {
  const script = `
    import { createRequire, syncBuiltinESMExports } from 'node:module';
    const require = createRequire(process.cwd() + '/x.mjs');
    const fs = require('node:fs');
    const read = [];
    const original = fs.readFileSync;
    fs.readFileSync = function (path, ...rest) {
      read.push(String(path instanceof URL ? path.pathname : path));
      return original.call(this, path, ...rest);
    };
    syncBuiltinESMExports();
    const ncp = await import('ncpcert');
    const signer = await import('ncpcert/signer');
    const order = await import('ncpcert/order');
    const cjs = require('ncpcert');
    ncp.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    signer.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    cjs.validate({ certificateType: 'DV' });
    const all = read.length;
    const keysCode = Object.keys(require.cache).filter((p) => p.includes('/ncpcert/keys/')).length;
    console.log(JSON.stringify({ keysWasm: read.filter((p) => p.includes('/ncpcert/keys/')).length, keysCode, order: typeof order.placeOrder, spied: all > 0 }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.deepEqual(JSON.parse(out.trim().split('\n').pop()), { keysWasm: 0, keysCode: 0, order: 'function', spied: true });
});
