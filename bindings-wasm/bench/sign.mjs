// Node benchmark (SPEC §9): wasm `Signer.headers` of the npm package, through its public API
// (`import { Signer } from "ncpcert"`), against node:crypto's HMAC one-liner
// `crypto.createHmac('sha256', sk).update(msg).digest('base64')`, side by side in one process.
// Rounds interleaved (order swapped every round); every call signs a new timestamp; both sides
// compute the same signatures, checked first.
//
// Prints one JSON line per measurement on stdout (collected by scripts/bench.sh), a summary on
// stderr. Needs the packed package installed next to this file (scripts/bench.sh does it):
//   npm install --no-save --no-package-lock ../dist/ncpcert-*.tgz && node sign.mjs
import { createHmac } from "node:crypto";
import CryptoJS from "crypto-js";
import { Signer } from "ncpcert";

const AK = "EXAMPLEAK0000000NCP1";
const SK = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS = 1_700_000_000_000;
const N = Number(process.env.NCPCERT_BENCH_N || 100_000);
const ROUNDS = Number(process.env.NCPCERT_BENCH_ROUNDS || 9);

const signer = new Signer({ accessKey: AK, secretKey: SK });
const timestamps = Array.from({ length: N }, (_, i) => TS + i);
const messages = timestamps.map((ts) => `POST ${PATH}\n${ts}\n${AK}`);

// The official NCP JavaScript SDK's way (SPEC §9): crypto-js HmacSHA256, then enc.Base64.
const cryptoJsSignature = (message) => CryptoJS.HmacSHA256(message, SK).toString(CryptoJS.enc.Base64);

// Same answers first: the comparison is only meaningful if all compute the same thing.
for (let i = 0; i < 100; i++) {
  const h = signer.headers("POST", PATH, timestamps[i]);
  const want = createHmac("sha256", SK).update(messages[i]).digest("base64");
  if (h["x-ncp-apigw-signature-v2"] !== want || h["x-ncp-apigw-timestamp"] !== String(timestamps[i])) {
    throw new Error(`signatures differ at ${i}: ${JSON.stringify(h)} vs ${want}`);
  }
  if (cryptoJsSignature(messages[i]) !== want) throw new Error(`crypto-js differs at ${i}`);
}

let sink = 0;

// Exactly as users call it.
function subject() {
  for (let i = 0; i < N; i++) sink += signer.headers("POST", PATH, timestamps[i])["x-ncp-apigw-signature-v2"].length;
}

// Exactly the one-liner of SPEC §9, the message given.
function baseline() {
  for (let i = 0; i < N; i++) sink += createHmac("sha256", SK).update(messages[i]).digest("base64").length;
}

// crypto-js is ~100× slower than the others: a tenth of the calls per round keeps the rounds
// short; times are per call either way.
function subjectTenth() {
  for (let i = 0; i < N / 10; i++) sink += signer.headers("POST", PATH, timestamps[i])["x-ncp-apigw-signature-v2"].length;
}

function baselineCryptoJs() {
  for (let i = 0; i < N / 10; i++) sink += cryptoJsSignature(messages[i]).length;
}

// For information: the same work as Signer.headers on the node:crypto side (the message
// assembled, the headers object built).
function baselineFull() {
  for (let i = 0; i < N; i++) {
    const ts = String(timestamps[i]);
    const signature = createHmac("sha256", SK).update(`POST ${PATH}\n${ts}\n${AK}`).digest("base64");
    const h = { "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": AK, "x-ncp-apigw-signature-v2": signature };
    sink += h["x-ncp-apigw-signature-v2"].length;
  }
}

function time(fn, calls) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / calls;
}

function interleaved(a, b, calls = N) {
  a();
  b(); // warm-up (JIT, wasm tier-up)
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let s;
    let t;
    if (r % 2 === 0) {
      s = time(a, calls);
      t = time(b, calls);
    } else {
      t = time(b, calls);
      s = time(a, calls);
    }
    rounds.push({ subject: s, baseline: t });
  }
  return rounds;
}

function emit(record) {
  const ratios = record.rounds.map((r) => r.subject / r.baseline).sort((x, y) => x - y);
  console.error(
    `node bench ${record.id}: ratio median ${ratios[ratios.length >> 1].toFixed(3)} ` +
      `(min ${ratios[0].toFixed(3)}, max ${ratios[ratios.length - 1].toFixed(3)})`,
  );
  console.log(JSON.stringify(record));
}

emit({
  id: "node.signer_headers",
  subject: "wasm Signer.headers(method, path, ts)",
  baseline: "crypto.createHmac('sha256', sk).update(msg).digest('base64')",
  calls_per_round: N,
  unit: "ns",
  rounds: interleaved(subject, baseline),
});
emit({
  id: "node.signer_headers_same_work",
  subject: "wasm Signer.headers(method, path, ts)",
  baseline: "node:crypto HMAC + message assembly + headers object",
  calls_per_round: N,
  unit: "ns",
  rounds: interleaved(subject, baselineFull),
});
emit({
  id: "node.signer_headers_crypto_js",
  subject: "wasm Signer.headers(method, path, ts)",
  baseline: "CryptoJS.HmacSHA256(msg, sk).toString(CryptoJS.enc.Base64) (crypto-js, the official NCP JS SDK's method)",
  calls_per_round: N / 10,
  unit: "ns",
  rounds: interleaved(subjectTenth, baselineCryptoJs, N / 10),
});
signer.free();
if (sink === 0) throw new Error("nothing computed");
