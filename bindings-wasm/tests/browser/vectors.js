// Browser test page: the web build of ncpcert against the shared signature vectors and
// against WebCrypto (HMAC-SHA256), plus a side-by-side benchmark.
// Results go to window.__results = {passed, failed, failures: [...], bench: {...}}.

import init, { sign, verify, Signer } from '../../pkg/full/browser.js';

const VECTORS_URL = '/tests/vectors/signature_v2.json';
const RANDOM_CASES = 200;

const enc = new TextEncoder();
const utf8 = (s) => enc.encode(s);
const logEl = document.getElementById('log');
const statusEl = document.getElementById('status');

let passed = 0;
let failed = 0;
const failures = [];

function log(line) {
  logEl.textContent += line + '\n';
}

function check(name, ok, detail) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(detail === undefined ? name : `${name}: ${detail}`);
    log(`FAIL ${name}${detail === undefined ? '' : ': ' + detail}`);
  }
}

function b64(bytes) {
  const u8 = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
  return btoa(s);
}

function stringToSign(method, path, ts, accessKey) {
  return `${method.toUpperCase()} ${path}\n${ts}\n${accessKey}`;
}

async function hmacKey(secret) {
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function webCryptoSign(secret, message) {
  const key = await hmacKey(secret);
  return b64(await crypto.subtle.sign('HMAC', key, utf8(message)));
}

function tryCall(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: `${e && e.name}: ${e && e.message}` };
  }
}

// ---- random inputs -------------------------------------------------------------------------

// A small deterministic PRNG (mulberry32) so a failure can be reproduced from its seed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const PATH_EXTRA = "!$&'()*+,;=:@/";
const HEX = '0123456789ABCDEF';
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'post', 'Delete'];

function randomInput(rnd) {
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (s) => s[int(0, s.length - 1)];
  const printable = (lo, hi) => {
    let s = '';
    const n = int(lo, hi);
    for (let i = 0; i < n; i++) s += String.fromCharCode(int(0x21, 0x7e)); // printable ASCII, no space
    return s;
  };
  let path = '/';
  const segs = int(0, 6);
  for (let i = 0; i < segs; i++) {
    const len = int(0, 12);
    let seg = '';
    for (let j = 0; j < len; j++) {
      const r = rnd();
      if (r < 0.75) seg += pick(UNRESERVED);
      else if (r < 0.9) seg += pick(PATH_EXTRA);
      else seg += '%' + pick(HEX) + pick(HEX);
    }
    path += (i ? '/' : '') + seg;
  }
  if (rnd() < 0.5) {
    path += '?';
    const q = int(0, 4);
    for (let i = 0; i < q; i++) {
      path += (i ? '&' : '') + 'k' + int(0, 99) + '=' + (rnd() < 0.5 ? '%20x+y' : String(int(0, 1e6)));
    }
  }
  return {
    method: pick(METHODS),
    path,
    timestamp: int(1_000_000_000_000, 9_999_999_999_999),
    accessKey: printable(1, 64),
    // Non-empty: WebCrypto refuses an empty HMAC key. Up to 200 bytes covers keys longer
    // than the 64-byte SHA-256 block (hashed first).
    secretKey: printable(1, 200),
  };
}

// ---- benchmark -----------------------------------------------------------------------------

async function bench() {
  const ak = 'EXAMPLEAK0000000NCP1';
  const sk = 'EXAMPLESECRET00000000000000000000NCPSK01';
  const path = '/api/v2/certificate/requestPaidCertificateIssuance';
  const ts0 = 1_700_000_000_000;
  const signer = new Signer({ accessKey: ak, secretKey: sk });
  const key = await hmacKey(sk); // keyed once, like the Signer

  const N_WASM = 20000;
  const N_WC = 2000;
  const ROUNDS = 5;
  let sink = 0;

  const runWasm = (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const h = signer.headers('POST', path, ts0 + i);
      sink += h['x-ncp-apigw-signature-v2'].length;
    }
    return (performance.now() - t0) / n;
  };
  // Per signature, awaited one after the other: encode the string to sign, sign, base64 —
  // what a page must do to produce the same header value.
  const runWebCrypto = async (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const sig = await crypto.subtle.sign('HMAC', key, utf8(stringToSign('POST', path, ts0 + i, ak)));
      sink += b64(sig).length;
    }
    return (performance.now() - t0) / n;
  };

  // Warm-up (JIT, wasm tier-up, WebCrypto thread).
  runWasm(2000);
  await runWebCrypto(200);

  const wasmRuns = [];
  const wcRuns = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved rounds, so both sides see the same machine noise.
    wasmRuns.push(runWasm(N_WASM));
    wcRuns.push(await runWebCrypto(N_WC));
  }
  signer.free();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wasmMs = median(wasmRuns);
  const wcMs = median(wcRuns);
  return {
    rounds: ROUNDS,
    wasmCallsPerRound: N_WASM,
    webCryptoCallsPerRound: N_WC,
    wasmUsPerSignature: wasmMs * 1000,
    webCryptoUsPerSignature: wcMs * 1000,
    wasmRunsUs: wasmRuns.map((x) => x * 1000),
    webCryptoRunsUs: wcRuns.map((x) => x * 1000),
    ratio: wasmMs / wcMs, // wasm time ÷ WebCrypto time, per signature (lower is better)
    speedup: wcMs / wasmMs,
    sink,
  };
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  await init();
  check('init', true);

  const res = await fetch(VECTORS_URL);
  check('fetch vectors', res.ok, `HTTP ${res.status}`);
  const { vectors } = await res.json();
  check('vectors present', Array.isArray(vectors) && vectors.length > 0);

  for (const v of vectors) {
    const ts = Number(v.timestamp);
    const sts = stringToSign(v.method, v.url, v.timestamp, v.access_key);
    check(`${v.id}: string_to_sign`, sts === v.string_to_sign, JSON.stringify(sts));

    const w = tryCall(() => sign(v.method, v.url, ts, v.access_key, v.secret_key));
    check(`${v.id}: wasm sign`, w.value === v.expected_signature, w.error ?? `got ${w.value}`);

    const h = tryCall(() => {
      const s = new Signer({ accessKey: v.access_key, secretKey: v.secret_key });
      try {
        return s.headers(v.method, v.url, ts);
      } finally {
        s.free();
      }
    });
    check(
      `${v.id}: Signer.headers`,
      h.value &&
        h.value['x-ncp-apigw-signature-v2'] === v.expected_signature &&
        h.value['x-ncp-apigw-timestamp'] === v.timestamp &&
        h.value['x-ncp-iam-access-key'] === v.access_key,
      h.error ?? JSON.stringify(h.value),
    );

    const vr = tryCall(() => verify(v.method, v.url, ts, v.access_key, v.secret_key, v.expected_signature));
    check(`${v.id}: verify`, vr.value === true, vr.error ?? `got ${vr.value}`);

    const wc = await webCryptoSign(v.secret_key, v.string_to_sign);
    check(`${v.id}: WebCrypto`, wc === v.expected_signature, `got ${wc}`);
  }
  log(`vectors: ${vectors.length} checked`);

  const seed = 0x5eed2026;
  const rnd = prng(seed);
  let randomFailed = 0;
  for (let i = 0; i < RANDOM_CASES; i++) {
    const x = randomInput(rnd);
    const expected = await webCryptoSign(x.secretKey, stringToSign(x.method, x.path, x.timestamp, x.accessKey));
    const w = tryCall(() => sign(x.method, x.path, x.timestamp, x.accessKey, x.secretKey));
    const ok = w.value === expected;
    if (!ok) randomFailed += 1;
    check(
      `random #${i} (seed ${seed})`,
      ok,
      `${JSON.stringify({ method: x.method, path: x.path, timestamp: x.timestamp, accessKey: x.accessKey, secretKeyLength: x.secretKey.length })} → ${w.error ?? w.value}, WebCrypto ${expected}`,
    );
  }
  log(`random: ${RANDOM_CASES - randomFailed}/${RANDOM_CASES} agree with WebCrypto`);

  const b = await bench();
  log(
    `bench: wasm Signer.headers ${b.wasmUsPerSignature.toFixed(2)} µs, crypto.subtle.sign ` +
      `${b.webCryptoUsPerSignature.toFixed(2)} µs per signature → ratio ${b.ratio.toFixed(3)}x`,
  );
  return b;
}

let bench_ = null;
try {
  bench_ = await main();
} catch (e) {
  check('page', false, `${e && e.name}: ${e && e.message}\n${e && e.stack}`);
}
statusEl.textContent = `${passed} passed, ${failed} failed`;
statusEl.className = failed ? 'bad' : 'ok';
window.__results = { passed, failed, failures, bench: bench_ };
