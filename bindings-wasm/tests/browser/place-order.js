// Browser test page: placeOrder of the browser build with the browser's own fetch, against the
// mock NCP behind the test server (same origin: /ncp). The mock was started with the faults
// placed-then-504, then placed-then-close for the next two orders. The main entry's placeOrder
// loads the order workflow's module (pkg/order/) on its first call: what the page had fetched
// before and after is recorded; the last order goes through `ncpcert/order` itself. Results go
// to window.__order; run.mjs checks them together with the mock's own log.

import init, { placeOrder, Signer, NcpError, NcpOrderError, NcpValidationError } from '../../pkg/full/browser.js';

const logEl = document.getElementById('log');
const log = (line) => {
  logEl.textContent += `${line}\n`;
};

async function outcome(promise) {
  try {
    const r = await promise;
    return { ok: true, path: r.path, certificateNo: r.certificateNo, attempts: r.attempts, steps: r.steps };
  } catch (e) {
    return {
      ok: false,
      name: e && e.name,
      code: e && e.code,
      message: String(e && e.message),
      hint: e && e.hint,
      isError: e instanceof Error,
      isNcpError: e instanceof NcpError,
      isOrderError: e instanceof NcpOrderError,
      isValidationError: e instanceof NcpValidationError,
      steps: e && e.steps,
      shown: `${String(e)} ${JSON.stringify(e)}`,
    };
  }
}

/** The resources of the order workflow's module the page has fetched so far. */
function orderModuleFetched() {
  return performance
    .getEntriesByType('resource')
    .map((r) => new URL(r.name).pathname)
    .filter((p) => p.includes('/pkg/order/'))
    .map((p) => p.slice(p.lastIndexOf('/') + 1))
    .sort();
}

async function main() {
  await init();
  const keys = await (await fetch('/tests/mock_ncp/keys.example.json')).json();
  const [[accessKey, secretKey]] = Object.entries(keys);
  const csr = await (await fetch('/tests/data/sample.csr.pem')).text();
  const signer = new Signer({ accessKey, secretKey });
  const request = (certificateName) => ({
    csr,
    certificateType: 'DV',
    certificateName,
    commonName: 'www.example.com',
    dnsName: ['www.example.com', 'example.com'],
    validationMethod: 'D',
  });
  const options = { signer, baseUrl: `${location.origin}/ncp`, timeoutMs: 10_000, backoffMs: 5 };
  const results = {};
  results.orderBefore = orderModuleFetched();
  results.lost504 = await outcome(placeOrder(request('browser-504'), options));
  results.orderAfter = orderModuleFetched();
  log(`placed-then-504: ${JSON.stringify(results.lost504).slice(0, 200)}`);
  // The test server closes every connection after its answer: this POST goes over a fresh one.
  results.lostClose = await outcome(placeOrder(request('browser-close'), options));
  log(`placed-then-close: ${JSON.stringify(results.lostClose).slice(0, 200)}`);
  // /keepalive leaves its connection open: the POST that follows reuses it.
  await fetch('/keepalive');
  results.reused = await outcome(placeOrder(request('browser-reused'), options));
  log(`placed-then-close, reused connection: ${JSON.stringify(results.reused).slice(0, 200)}`);
  // The name of the first order, for other names: an earlier certificate's name (through
  // `ncpcert/order`, whose error classes are the main entry's).
  const orderEntry = await import('../../pkg/order/browser.js');
  results.sameClasses = orderEntry.NcpOrderError === NcpOrderError && orderEntry.NcpError === NcpError;
  results.taken = await outcome(orderEntry.placeOrder({ ...request('browser-504'), commonName: 'example.com', dnsName: ['example.com'] }, options));
  log(`name taken: ${JSON.stringify(results.taken).slice(0, 200)}`);
  results.bad = await outcome(placeOrder('not a request', options));
  results.noSigner = await outcome(placeOrder(request('x'), { baseUrl: options.baseUrl }));
  results.secretShown = JSON.stringify(results).includes(secretKey);
  window.__order = results;
}

main().catch((e) => {
  window.__order = { failed: String(e && e.stack ? e.stack : e) };
});
