// Browser CSR benchmark page (SPEC §9): per-call time of the npm package's wasm
// `inspectCsr(pem)` on an RSA-2048 CSR against @peculiar/x509's
// `new Pkcs10CertificateRequest(pem)` + `await csr.verify()` (WebCrypto verifies), the same
// PEM each call. Rounds interleaved (order swapped every round); both sides must find the
// signature valid, checked first. Result: window.__bench (or window.__benchError).
import init, { inspectCsr } from 'ncpcert';
import { Pkcs10CertificateRequest } from './peculiar.bundle.js';

const params = new URLSearchParams(location.search);
const ROUNDS = Number(params.get('rounds') || 9);
const N = Number(params.get('calls') || 200);
const log = (s) => (document.getElementById('log').textContent += s + '\n');

async function run() {
  await init();
  const pem = await (await fetch('/tests/data/own/rsa-2048.pem')).text();
  const report = inspectCsr(pem);
  if (report.signatureValid !== true) throw new Error(`ncpcert: ${JSON.stringify(report)}`);
  if (!(await new Pkcs10CertificateRequest(pem).verify())) throw new Error('@peculiar/x509: signature invalid');

  let sink = 0;
  const wasm = () => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sink += inspectCsr(pem).signatureValid ? 1 : 0;
    return ((performance.now() - t0) * 1e6) / N;
  };
  const peculiar = async () => {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sink += (await new Pkcs10CertificateRequest(pem).verify()) ? 1 : 0;
    return ((performance.now() - t0) * 1e6) / N;
  };
  wasm();
  await peculiar();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let s;
    let b;
    if (r % 2 === 0) {
      s = wasm();
      b = await peculiar();
    } else {
      b = await peculiar();
      s = wasm();
    }
    rounds.push({ subject: s, baseline: b });
    log(`round ${r + 1}: inspectCsr ${(s / 1000).toFixed(1)} µs, @peculiar/x509 ${(b / 1000).toFixed(1)} µs`);
  }
  if (sink !== 2 * N * (ROUNDS + 1)) throw new Error('a signature did not verify');
  return {
    id: 'browser.inspect_csr_rsa2048',
    subject: 'wasm inspectCsr(pem)',
    baseline: 'new Pkcs10CertificateRequest(pem) + await csr.verify() (@peculiar/x509 2.2.0, reflect-metadata)',
    calls_per_round: N,
    unit: 'ns',
    rounds,
  };
}

run().then(
  (r) => (window.__bench = r),
  (e) => (window.__benchError = String(e && e.stack ? e.stack : e)),
);
