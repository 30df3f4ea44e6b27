// `ncpcert/keys`: generateKey and makeCsr (async: WebCrypto makes the keys and signs), judged
// by node:crypto (the key's type, size and curve; the CSR's public key) and by the openssl CLI
// (`openssl pkey -check`, `openssl req -verify`, its text dump of the CSR's names); keys in
// every format openssl writes; the entry's own .wasm, read only by hosts that import it; and no
// key material in any error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
/** One key per algorithm for the whole file (a promise of its PEM). */
function keyOf(algorithm) {
  if (!made.has(algorithm)) made.set(algorithm, keys.generateKey(algorithm));
  return made.get(algorithm);
}

/** The DER SubjectPublicKeyInfo (hex) of a key, CSR or public key PEM, as node:crypto reads it. */
function spkiHex(pem) {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('hex');
}

/** The code of the NcpError the promise (or function) rejects with. */
async function code(run) {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof ncp.NcpError, String(e));
    return e.code;
  }
  assert.fail('did not throw');
}

/** openssl's verdict on a CSR: it verifies its signature and its public key is `keyPem`'s. */
function assertCsrOf(csr, keyPem, label) {
  assert.match(csr, /^-----BEGIN CERTIFICATE REQUEST-----\n/, label);
  const out = execFileSync('sh', ['-c', 'openssl req -verify -noout 2>&1'], { input: csr, encoding: 'utf8' });
  assert.match(out, /verify OK/i, label);
  assert.equal(spkiHex(openssl(['req', '-pubkey', '-noout'], csr)), spkiHex(createPublicKey(keyPem).export({ type: 'spki', format: 'pem' })), label);
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

test('generateKey and makeCsr return promises, also when they refuse', async () => {
  const key = keys.generateKey('p256');
  assert.ok(key instanceof Promise);
  const csr = keys.makeCsr(await key, ['www.example.com']);
  assert.ok(csr instanceof Promise);
  assert.match(await csr, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
  for (const refused of [keys.generateKey('dsa'), keys.generateKey(2048), keys.makeCsr(1, ['a.example']), keys.makeCsr('x', ['localhost'])]) {
    assert.ok(refused instanceof Promise);
    await assert.rejects(refused, ncp.NcpError);
  }
});

for (const [algorithm, expected] of Object.entries(ALGORITHMS)) {
  test(`${algorithm}: openssl checks the key and node:crypto reads it; openssl verifies the CSR, whose public key is the key's`, async () => {
    const keyPem = await keyOf(algorithm);
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    const check = execFileSync('sh', ['-c', 'openssl pkey -check -noout 2>&1'], { input: keyPem, encoding: 'utf8' });
    assert.match(check, /RSA key ok|Key is valid/, algorithm);
    const key = createPrivateKey(keyPem);
    assert.equal(key.asymmetricKeyType, expected.type);
    for (const [field, value] of Object.entries(expected)) {
      if (field !== 'type') assert.equal(key.asymmetricKeyDetails[field], value, field);
    }
    if (expected.type === 'rsa') assert.equal(key.asymmetricKeyDetails.publicExponent, 65537n);

    const csr = await keys.makeCsr(keyPem, ['www.example.com', 'example.com']);
    assertCsrOf(csr, keyPem, algorithm);
    const text = openssl(['req', '-text', '-noout'], csr);
    assert.match(text, /Subject: CN\s?=\s?www\.example\.com/);
    assert.match(text, /DNS:www\.example\.com, DNS:example\.com/);
    assert.match(text, algorithm === 'p384' ? /ecdsa-with-SHA384/ : algorithm === 'p256' ? /ecdsa-with-SHA256/ : /sha256WithRSAEncryption/);
    // The core's own inspection of the CSR made (the main entry) finds nothing either.
    assert.deepEqual(ncp.inspectCsr(csr).findings, []);
  });
}

test('generateKey() makes rsa2048, a new key each time', async () => {
  const [a, b] = await Promise.all([keys.generateKey(), keys.generateKey(undefined)]);
  assert.notEqual(a, b);
  for (const pem of [a, b]) {
    const key = createPrivateKey(pem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails.modulusLength, 2048);
  }
});

test('makeCsr takes keys openssl made: PKCS#8, PKCS#1 RSA, SEC1 EC, and EC keys written without their public point', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ncpcert-keys-'));
  try {
    const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.p8');
    run('rsa', '-in', 'rsa.p8', '-traditional', '-out', 'rsa.p1');
    run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3000', '-out', 'rsa3000.p8');
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'p256.sec1');
    run('ec', '-in', 'p256.sec1', '-no_public', '-out', 'p256.nopub.sec1');
    run('pkcs8', '-topk8', '-nocrypt', '-in', 'p256.nopub.sec1', '-out', 'p256.nopub.p8');
    run('ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', 'p384.sec1');
    run('ec', '-in', 'p384.sec1', '-no_public', '-out', 'p384.nopub.sec1');
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'p384.p8');
    const files = ['rsa.p8', 'rsa.p1', 'rsa3000.p8', 'p256.sec1', 'p256.nopub.sec1', 'p256.nopub.p8', 'p384.sec1', 'p384.nopub.sec1', 'p384.p8'];
    const read = (name) => readFileSync(join(dir, name), 'utf8');
    assert.match(read('rsa.p1'), /BEGIN RSA PRIVATE KEY/);
    assert.match(read('p256.sec1'), /BEGIN EC PRIVATE KEY/);
    // The public point is really gone from these files.
    // (openssl's text dump computes the point; the DER structure shows what the file holds.)
    for (const name of ['p256.nopub.sec1', 'p384.nopub.sec1']) {
      assert.doesNotMatch(openssl(['asn1parse'], read(name)), /cont \[ 1 \]/, name);
      assert.match(openssl(['asn1parse'], read(name.replace('.nopub', ''))), /cont \[ 1 \]/, name);
    }
    for (const name of files) {
      const pem = read(name);
      const csr = await keys.makeCsr(pem, ['www.example.com', 'example.com']);
      // The key openssl made, with its public point computed from the private key.
      assertCsrOf(csr, pem, name);
      assert.deepEqual(ncp.inspectCsr(csr).findings, [], name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('names go in as A-labels, lower case, without duplicates', async () => {
  const csr = await keys.makeCsr(await keyOf('p256'), ['Bücher.Example.com', 'WWW.example.com', 'www.example.com', '*.example.com']);
  const text = openssl(['req', '-text', '-noout'], csr);
  assert.match(text, /Subject: CN\s?=\s?xn--bcher-kva\.example\.com\n/);
  const sans = /X509v3 Subject Alternative Name:\s*\n\s*(.+)/.exec(text)[1].trim();
  assert.equal(sans, 'DNS:xn--bcher-kva.example.com, DNS:www.example.com, DNS:*.example.com');
});

test('refused names reject with NcpValidationError csr.names_invalid with every finding, before the key is read', async () => {
  for (const names of [['localhost'], ['www.example.com', 'bad_name.example.com', 'exa mple.com']]) {
    let error;
    try {
      await keys.makeCsr('not a key', names);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ncp.NcpValidationError, String(error));
    assert.equal(error.code, 'csr.names_invalid');
    assert.ok(error.errors.length >= 1, JSON.stringify(error.findings));
    for (const f of error.errors) assert.match(f.field, /^names\[\d+\]$/);
  }
  await assert.rejects(keys.makeCsr(await keyOf('p256'), ['a.example.com', 'ok.example.com', '-bad-.example.com']), (e) => e instanceof ncp.NcpValidationError && e.errors.some((f) => f.field === 'names[2]'));
});

test('wrong arguments and keys reject with the core\'s codes', async () => {
  const p256 = await keyOf('p256');
  assert.equal(await code(() => keys.generateKey('rsa1024')), 'key.algorithm');
  assert.equal(await code(() => keys.generateKey(2048)), 'argument.invalid');
  assert.equal(await code(() => keys.makeCsr(p256, [])), 'argument.invalid');
  assert.equal(await code(() => keys.makeCsr(p256, 'www.example.com')), 'argument.invalid');
  assert.equal(await code(() => keys.makeCsr(p256, [1])), 'argument.invalid');
  assert.equal(await code(() => keys.makeCsr(undefined, ['www.example.com'])), 'argument.invalid');
  assert.equal(await code(() => keys.makeCsr('not a key', ['www.example.com'])), 'key.invalid');
  assert.equal(await code(async () => keys.makeCsr(await keys.makeCsr(p256, ['www.example.com']), ['www.example.com'])), 'key.invalid');
  const made = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // Keys of a size, curve or algorithm CAs or ncpcert refuse, and an encrypted key.
  for (const key of [
    made('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'),
    made('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'),
    made('genpkey', '-algorithm', 'ED25519'),
    made('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:x'),
  ]) {
    assert.equal(await code(() => keys.makeCsr(key, ['www.example.com'])), 'key.invalid');
  }
  // A key whose structure reads but whose parts do not agree (a PKCS#1 key with another
  // modulus): WebCrypto refuses it, or the CSR it signs does not verify. Either way, key.invalid.
  const pkcs1 = createPrivateKey(await keyOf('rsa2048')).export({ type: 'pkcs1', format: 'der' });
  const damaged = Buffer.from(pkcs1);
  damaged[20] ^= 0x55;
  const damagedPem = `-----BEGIN RSA PRIVATE KEY-----\n${damaged.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END RSA PRIVATE KEY-----\n`;
  assert.equal(await code(() => keys.makeCsr(damagedPem, ['www.example.com'])), 'key.invalid');
});

test('no key material in any error: message, stack, JSON, util.inspect', async () => {
  const { inspect } = await import('node:util');
  const pem = await keyOf('rsa2048');
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
      await run();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof ncp.NcpError, `case ${i}: ${error}`);
    const shown = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 5, showHidden: true }), String(error)].join('\n');
    const hits = pieces.filter((p) => shown.includes(p));
    assert.deepEqual(hits, [], `case ${i} shows part of the key`);
  }
});

/** Runs `body` as an ES module in a fresh Node process; the last line it prints, parsed. */
function runModule(body) {
  return JSON.parse(
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
}

test('a host without crypto.subtle gets NcpError internal.engine', () => {
  const r = runModule(`
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    const k = await import('ncpcert/keys');
    const out = {};
    for (const [name, run] of [['generateKey', () => k.generateKey('p256')], ['makeCsr', () => k.makeCsr('-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n', ['www.example.com'])]]) {
      try { await run(); out[name] = 'resolved'; } catch (e) { out[name] = [e instanceof k.NcpError, e.code, /crypto\\.subtle/.test(e.message)]; }
    }
    console.log(JSON.stringify(out));
  `);
  assert.deepEqual(r, { generateKey: [true, 'internal.engine', true], makeCsr: [true, 'internal.engine', true] });
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
  const r = runModule(`${spy}
    ncp.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    signer.sign('GET', '/a', 1700000000000, 'AK', 'SK');
    const others = reads('${KEYS_WASM}');
    const k = await import('ncpcert/keys');
    const atImport = reads('${KEYS_WASM}');
    const csr = await k.makeCsr(await k.generateKey('p256'), ['www.example.com']);
    await k.generateKey('p256');
    console.log(JSON.stringify({ others, atImport, after: reads('${KEYS_WASM}'), csr: csr.slice(0, 35) }));
  `);
  assert.deepEqual(r, { others: 0, atImport: 0, after: 1, csr: '-----BEGIN CERTIFICATE REQUEST-----' });
});
