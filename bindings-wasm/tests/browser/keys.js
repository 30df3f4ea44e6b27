// Browser test page of `ncpcert/keys`: a key of every algorithm made by Chromium's WebCrypto,
// a CSR signed with each, and CSRs for keys openssl wrote (PKCS#1, SEC1 without its public
// point), which run.mjs passes in the URL's fragment. The PEMs go to window.__keys, for run.mjs
// to judge with openssl and node:crypto; the page itself records what the main entry's
// inspectCsr reads back, which .wasm files were fetched, and the refusals' codes.

import initKeys, { generateKey, makeCsr, NcpError } from '../../pkg/keys/browser.js';
import { inspectCsr } from '../../pkg/full/browser.js';

const wasmFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((r) => new URL(r.name).pathname.split('/').pop())
    .filter((name) => name.endsWith('.wasm'));

async function codeOf(promise) {
  try {
    await promise;
    return 'resolved';
  } catch (e) {
    return e instanceof NcpError ? e.code : `not an NcpError: ${e}`;
  }
}

async function run() {
  const beforeInit = wasmFetched();
  await initKeys();
  const made = {};
  for (const algorithm of ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384']) {
    const key = await generateKey(algorithm);
    const csr = await makeCsr(key, ['www.example.com', 'Bücher.example.com']);
    const report = inspectCsr(csr);
    made[algorithm] = { key, csr, signatureValid: report.signatureValid, findings: report.findings.length, san: report.san.map((s) => s.value) };
  }
  const given = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const imported = {};
  for (const [name, key] of Object.entries(given)) {
    const csr = await makeCsr(key, ['www.example.com']);
    imported[name] = { csr, signatureValid: inspectCsr(csr).signatureValid };
  }
  const refusals = {
    algorithm: await codeOf(generateKey('rsa1024')),
    key: await codeOf(makeCsr('not a key', ['www.example.com'])),
    names: await codeOf(makeCsr(made.p256.key, ['bad_name.example.com'])),
  };
  return { beforeInit, afterInit: wasmFetched(), made, imported, refusals };
}

run().then(
  (r) => (window.__keys = r),
  (e) => (window.__keys = { failed: String(e && e.stack ? e.stack : e) }),
);
