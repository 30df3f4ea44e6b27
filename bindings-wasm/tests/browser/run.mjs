// Browser tests of the npm package's web build, in Debian's Chromium driven by playwright-core:
//  (a) vectors.html: signature vectors, 200 random inputs against WebCrypto, a benchmark;
//  (b) /examples/browser/: the example page, end to end, with no outside request;
//  (c) place-order.html: placeOrder with the browser's fetch against the mock NCP
//      (tests/mock_ncp/server.py), which the test server forwards /ncp to (same origin);
//  (d) keys.html: `ncpcert/keys` with Chromium's WebCrypto, its keys and CSRs judged by
//      openssl and node:crypto.
// Prints every check, then `browser bench: …` and finally `browser: N passed, M failed`.
// Exit status 1 when a check failed. Bounded: 120 s overall.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS } from './chromium.mjs';
import { start, ROOT } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = '/tmp/ncpcert-browser.png';
const OVERALL_TIMEOUT_MS = 120_000;

const ACCESS_KEY = 'EXAMPLEAK0000000NCP1';
const SECRET_KEY = 'EXAMPLESECRET00000000000000000000NCPSK01';
const ENDPOINT = 'https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance';

const samplePem = fs.readFileSync(path.join(ROOT, 'tests/data/sample.csr.pem'), 'utf8');
const rsa1024Pem = fs.readFileSync(path.join(ROOT, 'tests/data/own/rsa-1024.pem'), 'utf8');

let passed = 0;
let failed = 0;
const failures = [];

function record(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    failures.push(`${name}${detail ? `: ${detail}` : ''}`);
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
  }
}

/** Runs `fn`; it returns true (pass) or a string/false (fail, with detail). Never throws. */
async function check(name, fn) {
  try {
    const r = await fn();
    record(name, r === true, r === true ? undefined : String(r));
  } catch (e) {
    record(name, false, (e && e.message ? e.message : String(e)).split('\n')[0]);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// ---- (a) vectors page -------------------------------------------------------------------------

let bench = null;

async function vectorsPage(context, base) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${base}/bindings-wasm/tests/browser/vectors.html`);
  let results = null;
  await check('vectors.html: window.__results set', async () => {
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 90_000 });
    results = await page.evaluate(() => window.__results);
    return results ? true : 'empty';
  });
  if (results) {
    // Every check made by the page counts as one check here.
    passed += results.passed;
    failed += results.failed;
    console.log(`ok   vectors.html: ${results.passed} checks passed (vectors, Signer.headers, verify, WebCrypto, 200 random)`);
    for (const f of results.failures) {
      failures.push(`vectors.html: ${f}`);
      console.log(`FAIL vectors.html: ${f}`);
    }
    bench = results.bench;
  } else if (errors.length) {
    console.log(`     page errors: ${errors.join(' | ')}`);
  }
  await page.close();
}

// ---- (b) the example page ---------------------------------------------------------------------

async function examplePage(context, base) {
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const texts = async (sel) => page.$$eval(sel, (xs) => xs.map((x) => x.textContent));
  const codes = async (sel) => page.$$eval(`${sel} .finding`, (xs) => xs.map((x) => x.dataset.code));

  await page.goto(`${base}/examples/browser/`);
  await check('example: page loads and initialises the wasm module', async () => {
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
    const ready = await page.getAttribute('body', 'data-ready');
    if (ready === 'true') return true;
    return `not ready: ${await page.textContent('#load-error')}`;
  });

  await check('example: the page says keys are never sent', async () => {
    const t = await page.textContent('#privacy');
    return /never sent/i.test(t) && /no network/i.test(t) ? true : `privacy note: ${t}`;
  });

  // A complete valid request.
  await page.selectOption('#certificateType', 'NCP_PAID_DV_01');
  await page.fill('#certificateName', 'www-example');
  await page.fill('#commonName', 'www.example.com');
  await page.fill('#dnsName', 'www.example.com\nexample.com');
  await page.selectOption('#validationMethod', 'D');
  await page.selectOption('#site', 'public');
  await page.fill('#csr', samplePem);

  await check('example: valid request shows no error finding', async () => {
    const errs = await texts('.finding.error');
    if (errs.length) return `error findings shown: ${errs.join(' | ')}`;
    const valid = await page.getAttribute('#summary', 'data-valid');
    return valid === 'true' ? true : `summary: ${await page.textContent('#summary')}`;
  });

  await check('example: CSR report shows subject, SANs, key, signature, fingerprint', async () => {
    const subject = await page.textContent('#csr-subject');
    const sans = await page.textContent('#csr-sans');
    const key = await page.textContent('#csr-key');
    const sigalg = await page.textContent('#csr-sigalg');
    const sigvalid = await page.textContent('#csr-sigvalid');
    const fp = (await page.textContent('#csr-fingerprint')).replace(/[^0-9a-f]/gi, '').toLowerCase();
    const der = Buffer.from(samplePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const want = crypto.createHash('sha256').update(der).digest('hex');
    const problems = [];
    if (!subject.includes('www.example.com')) problems.push(`subject ${subject}`);
    if (!sans.includes('www.example.com') || !sans.includes('example.com')) problems.push(`SANs ${sans}`);
    if (!/rsa/i.test(key) || !key.includes('2048')) problems.push(`key ${key}`);
    if (!/sha256/i.test(sigalg)) problems.push(`signature algorithm ${sigalg}`);
    if (!sigvalid.includes('valid') || sigvalid.includes('invalid')) problems.push(`signature ${sigvalid}`);
    if (fp !== want) problems.push(`fingerprint ${fp} ≠ ${want}`);
    return problems.length ? problems.join('; ') : true;
  });

  await check('example: no signed output before the keys are filled', async () => {
    const curl = await page.textContent('#curl');
    return curl.trim() === '' ? true : 'curl shown without keys';
  });

  // A bad common name: the finding sits next to commonName.
  await page.fill('#commonName', 'a_b.example.com');
  await check('example: a_b.example.com → domain.underscore next to commonName', async () => {
    await page.waitForSelector('#findings-commonName .finding.error[data-code="domain.underscore"]', { timeout: 5_000 });
    return (await page.isVisible('#findings-commonName .finding[data-code="domain.underscore"]')) ? true : 'not visible';
  });
  await page.fill('#commonName', 'www.example.com');

  // A bad DNS name on line 3 (blank line 2): shown next to dnsName with its line number.
  await page.fill('#dnsName', 'www.example.com\n\nbad_name.example.com');
  await check('example: bad dnsName line 3 → finding next to dnsName with "line 3"', async () => {
    await page.waitForSelector('#findings-dnsName .finding.error', { timeout: 5_000 });
    const t = await texts('#findings-dnsName .finding.error');
    return t.some((x) => x.includes('line 3')) ? true : `dnsName findings: ${t.join(' | ')}`;
  });
  await page.fill('#dnsName', 'www.example.com\nexample.com');

  // A weak CSR: csr.rsa_key_size next to the CSR box.
  await page.fill('#csr', rsa1024Pem);
  await check('example: rsa-1024.pem → csr.rsa_key_size next to the CSR', async () => {
    await page.waitForSelector('#findings-csr .finding.error[data-code="csr.rsa_key_size"]', { timeout: 5_000 });
    const inReport = await codes('#csr-report');
    return inReport.includes('csr.rsa_key_size') ? true : `CSR report findings: ${inReport.join(', ')}`;
  });
  await check('example: invalid request is not signed', async () => {
    await page.fill('#accessKey', ACCESS_KEY);
    await page.fill('#secretKey', SECRET_KEY);
    const curl = await page.textContent('#curl');
    return curl.trim() === '' ? true : 'signed despite errors';
  });
  await page.fill('#csr', samplePem);

  // Keys filled, request valid: the signed request.
  await check('example: curl has x-ncp-apigw-signature-v2 and the endpoint URL', async () => {
    await page.waitForFunction(() => document.getElementById('curl').textContent.includes('x-ncp-apigw-signature-v2'), null, {
      timeout: 5_000,
    });
    const curl = await page.textContent('#curl');
    if (!curl.includes(`'${ENDPOINT}'`)) return `URL missing: ${curl.slice(0, 200)}`;
    if (!curl.startsWith('curl -X POST ')) return `not a POST: ${curl.slice(0, 60)}`;
    return true;
  });

  await check('example: signed JSON is the exact request, correctly signed, without the secret', async () => {
    const json = await page.textContent('#signed-json');
    const curl = await page.textContent('#curl');
    if (json.includes(SECRET_KEY) || curl.includes(SECRET_KEY)) return 'secret key shown';
    const req = JSON.parse(json);
    const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (req.method !== 'POST' || req.url !== ENDPOINT) return `method/url ${req.method} ${req.url}`;
    if (h['x-ncp-iam-access-key'] !== ACCESS_KEY) return `access key header ${h['x-ncp-iam-access-key']}`;
    const ts = h['x-ncp-apigw-timestamp'];
    if (!/^\d{13}$/.test(ts) || Math.abs(Number(ts) - Date.now()) > 60_000) return `timestamp ${ts}`;
    const want = crypto
      .createHmac('sha256', SECRET_KEY)
      .update(`POST ${new URL(req.url).pathname}\n${ts}\n${ACCESS_KEY}`)
      .digest('base64');
    if (h['x-ncp-apigw-signature-v2'] !== want) return `signature ${h['x-ncp-apigw-signature-v2']} ≠ ${want}`;
    const body = JSON.parse(req.body);
    if (body.commonName !== 'www.example.com' || body.certificateType !== 'NCP_PAID_DV_01') return `body ${req.body.slice(0, 120)}`;
    if (!String(body.csr).startsWith('-----BEGIN CERTIFICATE REQUEST-----\n')) return 'csr not canonical PEM';
    // The curl command carries the exact body (single-quoted, quotes escaped).
    const quoted = `'${req.body.replaceAll("'", `'\\''`)}'`;
    return curl.includes(`--data-raw ${quoted}`) ? true : 'curl body differs from the signed body';
  });

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`     screenshot: ${SCREENSHOT}`);

  await check('example: no uncaught error in the page', async () =>
    pageErrors.length ? pageErrors.join(' | ') : true,
  );
  if (consoleErrors.length) console.log(`     console errors: ${consoleErrors.join(' | ')}`);
  await page.close();
}

// ---- (c) placeOrder against the mock NCP --------------------------------------------------------

/** Starts the mock NCP with `args`; its URL and what it logged of each request. */
async function startMock(args) {
  const ready = path.join(res.userDataDir, 'mock-url');
  const child = spawn('python3', [path.join(ROOT, 'tests/mock_ncp/server.py'), '--port', '0', '--ready-file', ready, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop();
    lines.push(...parts);
  });
  for (let i = 0; !fs.existsSync(ready); i++) {
    if (child.exitCode !== null || i > 500) throw new Error(`the mock NCP did not start: ${lines.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: fs.readFileSync(ready, 'utf8').trim(),
    // mock-ncp: 127.0.0.1 POST /ncp/api/v2/… -> 504 accepted [placed-then-504]
    requests: () =>
      lines
        .map((l) => /^mock-ncp: \S+ (\S+) (\S+) -> (\S+) (\S+)/.exec(l))
        .filter(Boolean)
        .map(([, method, target, status, verdict]) => ({ method, target, status, verdict })),
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

async function orderPage(context, base, mock) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/bindings-wasm/tests/browser/place-order.html`);
  let r = null;
  await check('place-order.html: window.__order set', async () => {
    await page.waitForFunction(() => window.__order !== undefined, null, { timeout: 60_000 });
    r = await page.evaluate(() => window.__order);
    return r && !r.failed ? true : `page failed: ${r && r.failed} ${errors.join(' | ')}`;
  });
  await page.close();
  if (!r || r.failed) return;
  const seen = mock.requests();
  const posts = seen.filter((q) => q.method === 'POST');
  const show = (x) => JSON.stringify(x).slice(0, 300);
  await check('placeOrder (browser fetch): a 504 after the order was placed → recovered', async () =>
    r.lost504.ok && r.lost504.path === 'recovered' && r.lost504.steps[0].httpStatus === 504 ? true : show(r.lost504),
  );
  await check("placeOrder (browser fetch): a dropped connection → the browser's TypeError counts as written → recovered", async () => {
    const send = r.lostClose.ok && r.lostClose.steps[0];
    return send && r.lostClose.path === 'recovered' && send.error.type === 'transport' && send.error.written === true
      ? true
      : show(r.lostClose);
  });
  await check('placeOrder (browser): the order module (its .wasm and JavaScript) is fetched on the first placeOrder, not before', async () => {
    const wasm = 'ncpcert_wasm_order_bg.wasm';
    return r.orderBefore.length === 0 && r.orderAfter.includes(wasm) && r.orderAfter.includes('browser.js')
      ? true
      : `before: ${show(r.orderBefore)}, after: ${show(r.orderAfter)}`;
  });
  await check('placeOrder (ncpcert/order, browser fetch): the name of an earlier certificate for other names → NcpOrderError order.name_taken (an NcpError, an Error, the main entry\'s class)', async () => {
    const t = r.taken;
    return !t.ok && t.name === 'NcpOrderError' && t.code === 'order.name_taken' && t.isOrderError && t.isNcpError && t.isError && t.hint && r.sameClasses
      ? true
      : show([t, r.sameClasses]);
  });
  await check('placeOrder (browser): bad input → NcpValidationError / NcpError, nothing sent', async () =>
    !r.bad.ok && r.bad.isValidationError && !r.noSigner.ok && r.noSigner.code === 'argument.invalid' ? true : show([r.bad, r.noSigner]),
  );
  // Over a reused connection, Chromium itself sends a request again when the connection drops
  // before any answer (it takes it for a connection the server had closed while idle): the page
  // never sees the first failure. NCP refuses the second as a name that exists, so nothing is
  // bought twice; placeOrder tells the core that fetch may do this, so the workflow looks the
  // name up and finds the order the first copy placed.
  await check('placeOrder (browser fetch, reused connection): Chromium resends the dropped POST itself → looked up → recovered; one order', async () => {
    const accepted = posts.filter((q) => q.verdict === 'accepted');
    const refused = posts.filter((q) => q.status === '400');
    const [send, lookup] = r.reused.ok ? r.reused.steps : [];
    const seenByPage = send && send.httpStatus === 400 && lookup && lookup.step === 'lookup' && lookup.found === true;
    // Three orders placed (504, dropped, dropped and resent); two refusals: Chromium's copy and the earlier name.
    return r.reused.path === 'recovered' && seenByPage && accepted.length === 3 && refused.length === 2
      ? true
      : `${show(r.reused)} POSTs: ${show(posts)}`;
  });
  await check('placeOrder (browser): the mock placed one order per workflow, never twice', async () => {
    const placed = posts.filter((q) => q.verdict === 'accepted');
    const lookups = seen.filter((q) => q.method === 'GET');
    // 504, dropped, dropped on a reused connection (resent by Chromium, refused), an earlier
    // certificate's name (refused); each but the first two refusals looked up.
    if (placed.length !== 3 || posts.length !== 5) return `POSTs: ${show(posts)}`;
    return lookups.length === 4 && lookups.every((q) => q.verdict === 'listed') ? true : `lookups: ${show(lookups)}`;
  });
  await check('placeOrder (browser): the secret key is in no result or error', async () => (r.secretShown ? 'secret shown' : true));
}

// ---- (d) ncpcert/keys ------------------------------------------------------------------------

/** openssl with `input` on stdin: stdout and stderr together; throws on a non-zero exit. */
function openssl(args, input) {
  return execFileSync('sh', ['-c', `openssl ${args} 2>&1`], { input, encoding: 'utf8' });
}

const spkiHex = (pem) => crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('hex');

async function keysPage(context, base) {
  // Keys openssl wrote, in the formats WebCrypto does not take as they are.
  const made = (command) => execFileSync('sh', ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const given = {
    pkcs1: made('openssl genrsa -traditional 2048'),
    'sec1 without its public point': made('openssl ecparam -name prime256v1 -genkey -noout | openssl ec -no_public'),
  };
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/bindings-wasm/tests/browser/keys.html#${encodeURIComponent(JSON.stringify(given))}`);
  let r = null;
  await check('keys.html: window.__keys set', async () => {
    await page.waitForFunction(() => window.__keys !== undefined, null, { timeout: 60_000 });
    r = await page.evaluate(() => window.__keys);
    return r && !r.failed ? true : `page failed: ${r && r.failed} ${errors.join(' | ')}`;
  });
  await page.close();
  if (!r || r.failed) return;
  await check('ncpcert/keys (browser): the keys .wasm is fetched by init(), not before', async () =>
    !r.beforeInit.includes('ncpcert_wasm_keys_bg.wasm') && r.afterInit.includes('ncpcert_wasm_keys_bg.wasm') ? true : JSON.stringify(r),
  );
  for (const [algorithm, m] of Object.entries(r.made)) {
    await check(`ncpcert/keys (browser) ${algorithm}: openssl checks the key and verifies the CSR, whose public key is the key's`, async () => {
      if (!/RSA key ok|Key is valid/.test(openssl('pkey -check -noout', m.key))) return 'openssl pkey -check';
      if (!/verify OK/.test(openssl('req -verify -noout', m.csr))) return 'openssl req -verify';
      if (spkiHex(openssl('req -pubkey -noout', m.csr)) !== spkiHex(m.key)) return 'public keys differ';
      const details = crypto.createPrivateKey(m.key).asymmetricKeyDetails;
      const want = { rsa2048: 2048, rsa3072: 3072, rsa4096: 4096 }[algorithm];
      if (want ? details.modulusLength !== want || details.publicExponent !== 65537n : details.namedCurve !== { p256: 'prime256v1', p384: 'secp384r1' }[algorithm]) {
        return JSON.stringify(details, (_, v) => (typeof v === 'bigint' ? String(v) : v));
      }
      return m.signatureValid === true && m.findings === 0 && m.san.join(',') === 'www.example.com,xn--bcher-kva.example.com' ? true : JSON.stringify(m).slice(0, 300);
    });
  }
  for (const [name, m] of Object.entries(r.imported)) {
    await check(`ncpcert/keys (browser): a ${name} key from openssl signs a CSR openssl verifies, with its public key`, async () => {
      if (!/verify OK/.test(openssl('req -verify -noout', m.csr))) return 'openssl req -verify';
      return spkiHex(openssl('req -pubkey -noout', m.csr)) === spkiHex(given[name]) && m.signatureValid === true ? true : 'public keys differ';
    });
  }
  await check('ncpcert/keys (browser): refusals reject with the core\'s codes', async () => {
    const want = { algorithm: 'key.algorithm', key: 'key.invalid', names: 'csr.names_invalid' };
    return JSON.stringify(r.refusals) === JSON.stringify(want) ? true : JSON.stringify(r.refusals);
  });
}

// ---- main -------------------------------------------------------------------------------------

const res = { server: null, orderServer: null, context: null, userDataDir: null, mock: null };
const requests = [];

async function main() {
  res.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncpcert-chromium-'));
  res.server = await start();
  const server = res.server;
  // The order page's own server: the mock NCP behind /ncp, one request per connection (see
  // orderPage). The first order's answer is a 504, the next two orders' connections drop.
  res.mock = await startMock(['--prefix', '/ncp', '--fault', 'placed-then-504', '--fault', 'placed-then-close:2']);
  res.orderServer = await start({ proxy: { prefix: '/ncp', target: new URL(res.mock.url).origin }, closeConnections: true });
  console.log(`     serving ${ROOT} at ${server.url}`);
  // playwright-core refuses `--user-data-dir` in `args`: the fresh profile directory is given
  // to launchPersistentContext instead (same effect: Chromium gets --user-data-dir=<dir>).
  res.context = await chromium.launchPersistentContext(res.userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    timeout: 30_000,
  });
  res.context.on('request', (r) => requests.push(r.url()));

  await vectorsPage(res.context, server.url);
  await examplePage(res.context, server.url);
  await orderPage(res.context, res.orderServer.url, res.mock);
  await keysPage(res.context, server.url);

  await check('no request other than to the local server', async () => {
    const origins = [server.url, res.orderServer.url].map((u) => new URL(u).origin);
    const outside = requests.filter((u) => !u.startsWith('data:') && !origins.includes(new URL(u).origin));
    return outside.length ? `outside requests: ${outside.join(', ')}` : true;
  });
  console.log(`     ${requests.length} requests, all to ${server.url} or ${res.orderServer.url}`);
}

async function cleanUp() {
  const { context, server, orderServer, userDataDir, mock } = res;
  res.context = res.server = res.orderServer = res.userDataDir = res.mock = null;
  if (mock) mock.stop();
  if (orderServer) await orderServer.close().catch(() => {});
  if (context) await withTimeout(context.close(), 10_000, 'closing the browser').catch(() => {});
  if (server) await server.close().catch(() => {});
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
}

const hardStop = setTimeout(() => {
  console.log('FAIL hard timeout: browser or server did not close');
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS + 15_000);
hardStop.unref();

try {
  await withTimeout(main(), OVERALL_TIMEOUT_MS, 'browser tests');
} catch (e) {
  record('browser tests ran to the end', false, e && e.message ? e.message.split('\n')[0] : String(e));
} finally {
  await cleanUp();
}

if (failures.length) {
  console.log('\nfailures:');
  for (const f of failures) console.log(`  - ${f}`);
}
if (bench) {
  console.log(
    `     bench: wasm ${bench.wasmUsPerSignature.toFixed(2)} µs vs WebCrypto ${bench.webCryptoUsPerSignature.toFixed(2)} µs ` +
      `per signature (median of ${bench.rounds} interleaved rounds; ${(1 / bench.ratio).toFixed(1)}× faster; SPEC §9 target ≥ 5×)`,
  );
  console.log(`browser bench: wasm Signer.headers / crypto.subtle.sign = ${bench.ratio.toFixed(2)}x per signature`);
} else {
  console.log('browser bench: wasm Signer.headers / crypto.subtle.sign = n/a (no benchmark result)');
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0); // explicit: nothing left running may print after the final line
