// Browser benchmark page (SPEC §9): per-signature time of the npm package's wasm
// `Signer.headers` against awaiting `crypto.subtle.sign('HMAC', key, bytes)` one after the
// other, with the key imported once (as the Signer is keyed once) and the message bytes given.
// Rounds interleaved (order swapped every round); every call signs a new timestamp; both sides
// compute the same signatures, checked first. Result: window.__bench (or window.__benchError).
import init, { Signer } from 'ncpcert';

const AK = 'EXAMPLEAK0000000NCP1';
const SK = 'EXAMPLESECRET00000000000000000000NCPSK01';
const PATH = '/api/v2/certificate/requestPaidCertificateIssuance';
const TS = 1_700_000_000_000;

const params = new URLSearchParams(location.search);
const ROUNDS = Number(params.get('rounds') || 9);
const N_WASM = Number(params.get('wasm') || 50_000);
const N_SUBTLE = Number(params.get('subtle') || 5_000);

const enc = new TextEncoder();
const log = (s) => (document.getElementById('log').textContent += s + '\n');

function b64(buf) {
  const u8 = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < u8.length; i++) s += String.fromCharCode(u8[i]);
  return btoa(s);
}

async function run() {
  await init();
  const signer = new Signer({ accessKey: AK, secretKey: SK });
  const key = await crypto.subtle.importKey('raw', enc.encode(SK), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const messages = Array.from({ length: N_SUBTLE }, (_, i) => enc.encode(`POST ${PATH}\n${TS + i}\n${AK}`));

  for (let i = 0; i < 100; i++) {
    const h = signer.headers('POST', PATH, TS + i);
    const want = b64(await crypto.subtle.sign('HMAC', key, messages[i]));
    if (h['x-ncp-apigw-signature-v2'] !== want) throw new Error(`signatures differ at ${i}: ${JSON.stringify(h)} vs ${want}`);
  }

  let sink = 0;
  const wasm = () => {
    const t0 = performance.now();
    for (let i = 0; i < N_WASM; i++) sink += signer.headers('POST', PATH, TS + i)['x-ncp-apigw-signature-v2'].length;
    return ((performance.now() - t0) * 1e6) / N_WASM; // ns per signature
  };
  const subtle = async () => {
    const t0 = performance.now();
    for (let i = 0; i < N_SUBTLE; i++) sink += (await crypto.subtle.sign('HMAC', key, messages[i])).byteLength;
    return ((performance.now() - t0) * 1e6) / N_SUBTLE;
  };

  // Warm-up: JIT, wasm tier-up, WebCrypto's worker.
  wasm();
  await subtle();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let s;
    let b;
    if (r % 2 === 0) {
      s = wasm();
      b = await subtle();
    } else {
      b = await subtle();
      s = wasm();
    }
    rounds.push({ subject: s, baseline: b });
    log(`round ${r + 1}: wasm ${(s / 1000).toFixed(2)} µs, crypto.subtle.sign ${(b / 1000).toFixed(2)} µs`);
  }
  signer.free();
  if (sink === 0) throw new Error('nothing computed');
  return {
    id: 'browser.signer_headers',
    subject: 'wasm Signer.headers(method, path, ts)',
    baseline: "await crypto.subtle.sign('HMAC', key, bytes) (key imported once)",
    calls_per_round: { subject: N_WASM, baseline: N_SUBTLE },
    unit: 'ns',
    user_agent: navigator.userAgent,
    rounds,
  };
}

try {
  window.__bench = await run();
  document.getElementById('status').textContent = 'done';
} catch (e) {
  window.__benchError = `${e && e.name}: ${e && e.message}`;
  document.getElementById('status').textContent = window.__benchError;
}
