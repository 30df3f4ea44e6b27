// `ncpcert/keys`: generateKey and makeCsr, judged by node:crypto (the key's type, size and
// curve; the CSR's public key) and by the openssl CLI (`openssl req -verify`, its text dump of
// the CSR's names); the entry's own .wasm, read only by hosts that import it; and no key
// material in any error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ncp from 'ncpcert';
import * as keys from 'ncpcert/keys';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const KEYS_WASM = 'ncpcert_wasm_keys_bg.wasm';

const ALGORITHMS = {
  rsa2048: { type: 'rsa', modulusLength: 2048 },
  rsa3072: { type: 'rsa', modulusLength: 3072 },
  rsa4096: { type: 'rsa', modulusLength: 4096 },
  p256: { type: 'ec', namedCurve: 'prime256v1' },
  p384: { type: 'ec', namedCurve: 'secp384r1' },
};

/** openssl with `input` on stdin: its stdout and stderr together (throws on a non-zero exit). */
function openssl(args, input) {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The base64 text of a PEM, for searching a key's material in other text. */
function pemBody(pem) {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

const made = new Map();
/** One key per algorithm for the whole file (RSA-4096 takes a while in WebAssembly). */
function keyOf(algorithm) {
  if (!made.has(algorithm)) made.set(algorithm, keys.generateKey(algorithm));
  return made.get(algorithm);
}

test('ncpcert/keys exports generateKey, makeCsr, the errors and init, in import and require alike', () => {
  const names = Object.keys(keys).filter((k) => k !== 'default').sort();
  assert.deepEqual(names, ['NcpApiError', 'NcpCsrError', 'NcpError', 'NcpSigningError', 'NcpValidationError', 'generateKey', 'init', 'makeCsr']);
  const cjs = require('ncpcert/keys');
  assert.deepEqual(Object.keys(cjs).filter((k) => k !== 'default' && k !== '__esModule').sort(), names);
  assert.equal(keys.NcpValidationError, ncp.NcpValidationError);
  assert.equal(cjs.NcpValidationError, require('ncpcert').NcpValidationError);
  // The checks the full module exports for makeCsr are not among the main entry's names.
  assert.equal(ncp.checkCsrNames, undefined);
  assert.equal(ncp.checkMadeCsr, undefined);
});

for (const [algorithm, expected] of Object.entries(ALGORITHMS)) {
  test(`${algorithm}: node:crypto reads the key; openssl verifies the CSR, whose public key is the key's`, () => {
    const keyPem = keyOf(algorithm);
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    const key = createPrivateKey(keyPem);
    assert.equal(key.asymmetricKeyType, expected.type);
    for (const [field, value] of Object.entries(expected)) {
      if (field !== 'type') assert.equal(key.asymmetricKeyDetails[field], value, field);
    }
    if (expected.type === 'rsa') assert.equal(key.asymmetricKeyDetails.publicExponent, 65537n);

    const csr = keys.makeCsr(keyPem, ['www.example.com', 'example.com']);
    assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const verified = execFileSync('openssl', ['req', '-verify', '-noout'], { input: csr, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    assert.equal(verified, '', 'openssl req -verify -noout prints nothing to stdout');
    // `openssl req -verify` says "verify OK" on stderr, or exits non-zero (execFileSync throws).
    const csrKey = openssl(['req', '-pubkey', '-noout'], csr);
    const fromKey = createPublicKey(key).export({ type: 'spki', format: 'pem' });
    assert.equal(createPublicKey(csrKey).export({ type: 'spki', format: 'der' }).toString('hex'), createPublicKey(fromKey).export({ type: 'spki', format: 'der' }).toString('hex'));
    const text = openssl(['req', '-text', '-noout'], csr);
    assert.match(text, /Subject: CN\s?=\s?www\.example\.com/);
    assert.match(text, /DNS:www\.example\.com, DNS:example\.com/);
    // The core's own inspection of the CSR made (the main entry) finds nothing either.
    assert.deepEqual(ncp.inspectCsr(csr).findings, []);
  });
}

test('openssl req -verify accepts the CSR (exit status 0, "verify OK")', () => {
  const csr = keys.makeCsr(keyOf('p256'), ['www.example.com']);
  const out = execFileSync('sh', ['-c', 'openssl req -verify -noout 2>&1'], { input: csr, encoding: 'utf8' });
  assert.match(out, /verify OK/i);
});

test('generateKey() makes rsa2048, a new key each time', () => {
  const a = keys.generateKey();
  const b = keys.generateKey(undefined);
  assert.notEqual(a, b);
  for (const pem of [a, b]) {
    const key = createPrivateKey(pem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails.modulusLength, 2048);
  }
});

test('makeCsr takes keys openssl made: PKCS#8, PKCS#1 RSA and SEC1 EC', () => {
  const pkcs1 = createPrivateKey(keyOf('rsa2048')).export({ type: 'pkcs1', format: 'pem' });
  const sec1 = createPrivateKey(keyOf('p384')).export({ type: 'sec1', format: 'pem' });
  for (const pem of [pkcs1, sec1]) {
    const csr = keys.makeCsr(pem, ['www.example.com']);
    openssl(['req', '-verify', '-noout'], csr);
  }
});

test('names go in as A-labels, lower case, without duplicates', () => {
  const csr = keys.makeCsr(keyOf('p256'), ['Bücher.Example.com', 'WWW.example.com', 'www.example.com', '*.example.com']);
  const text = openssl(['req', '-text', '-noout'], csr);
  assert.match(text, /Subject: CN\s?=\s?xn--bcher-kva\.example\.com\n/);
  const sans = /X509v3 Subject Alternative Name:\s*\n\s*(.+)/.exec(text)[1].trim();
  assert.equal(sans, 'DNS:xn--bcher-kva.example.com, DNS:www.example.com, DNS:*.example.com');
});

test('refused names throw NcpValidationError csr.names_invalid with every finding, before the key is read', () => {
  for (const names of [['localhost'], ['www.example.com', 'bad_name.example.com', 'exa mple.com']]) {
    let error;
    try {
      keys.makeCsr('not a key', names);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ncp.NcpValidationError, String(error));
    assert.equal(error.code, 'csr.names_invalid');
    assert.ok(error.errors.length >= 1, JSON.stringify(error.findings));
    for (const f of error.errors) assert.match(f.field, /^names\[\d+\]$/);
  }
  const many = keys.makeCsr.bind(null, keyOf('p256'), ['a.example.com', 'ok.example.com', '-bad-.example.com']);
  assert.throws(many, (e) => e instanceof ncp.NcpValidationError && e.errors.some((f) => f.field === 'names[2]'));
});

test('wrong arguments throw the core\'s codes', () => {
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof ncp.NcpError, String(e));
      return e.code;
    }
    assert.fail('did not throw');
  };
  assert.equal(code(() => keys.generateKey('rsa1024')), 'key.algorithm');
  assert.equal(code(() => keys.generateKey(2048)), 'argument.invalid');
  assert.equal(code(() => keys.makeCsr(keyOf('p256'), [])), 'argument.invalid');
  assert.equal(code(() => keys.makeCsr(keyOf('p256'), 'www.example.com')), 'argument.invalid');
  assert.equal(code(() => keys.makeCsr(keyOf('p256'), [1])), 'argument.invalid');
  assert.equal(code(() => keys.makeCsr(undefined, ['www.example.com'])), 'argument.invalid');
  assert.equal(code(() => keys.makeCsr('not a key', ['www.example.com'])), 'key.invalid');
  assert.equal(code(() => keys.makeCsr(keys.makeCsr(keyOf('p256'), ['www.example.com']), ['www.example.com'])), 'key.invalid');
  // A key of a size CAs refuse.
  const small = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(code(() => keys.makeCsr(small, ['www.example.com'])), 'key.invalid');
});

test('no key material in any error: message, stack, JSON, util.inspect', async () => {
  const { inspect } = await import('node:util');
  const pem = keyOf('rsa2048');
  const body = pemBody(pem);
  // Damaged copies of the key, and a good key with refused names.
  const cases = [
    () => keys.makeCsr(pem.replace('PRIVATE KEY', 'PRIVATE KEX'), ['www.example.com']),
    () => keys.makeCsr(pem.split('\n').map((line, i) => (i === 3 ? '!'.repeat(line.length) : line)).join('\n'), ['www.example.com']),
    () => keys.makeCsr(pem.split('\n').map((line, i) => (i === 5 ? 'A'.repeat(line.length) : line)).join('\n'), ['www.example.com']),
    () => keys.makeCsr(pem.slice(0, pem.length / 2), ['www.example.com']),
    () => keys.makeCsr(`${pem}\n${pem}`.replace('-----END', 'x-----END'), ['www.example.com']),
    () => keys.makeCsr(pem, ['bad_name.example.com']),
    () => keys.makeCsr(pem, [pem]),
  ];
  // Pieces of the key long enough never to occur by chance in ncpcert's text.
  const pieces = [];
  for (let i = 0; i + 16 <= body.length; i += 16) pieces.push(body.slice(i, i + 16));
  for (const [i, run] of cases.entries()) {
    let error;
    try {
      run();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ncp.NcpError, `case ${i}: ${error}`);
    const shown = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 5, showHidden: true }), String(error)].join('\n');
    const hits = pieces.filter((p) => shown.includes(p));
    assert.deepEqual(hits, [], `case ${i} shows part of the key`);
  }
});

test('import "ncpcert" and "ncpcert/signer" never read the keys .wasm; "ncpcert/keys" reads it on its first call', () => {
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
    const ncp = await import('ncpcert');
    const signer = await import('ncpcert/signer');
  `;
  const run = (body) =>
    JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(join(HERE, 'x.mjs'))});\n${body}`], {
        cwd: HERE,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      })
        .trim()
        .split('\n')
        .pop(),
    );
  const r = run(`${spy}
    ncp.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    signer.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    const others = reads('${KEYS_WASM}');
    const k = await import('ncpcert/keys');
    const atImport = reads('${KEYS_WASM}');
    const csr = k.makeCsr(k.generateKey('p256'), ['www.example.com']);
    k.generateKey('p256');
    console.log(JSON.stringify({ others, atImport, after: reads('${KEYS_WASM}'), csr: csr.slice(0, 35) }));
  `);
  assert.deepEqual(r, { others: 0, atImport: 0, after: 1, csr: '-----BEGIN CERTIFICATE REQUEST-----' });
});
