// Node benchmark (SPEC §9): wasm `Signer.headers` against node:crypto's HMAC one-liner,
// measured side by side in one run; prints the ratio (goal: <= 1.0).
// Run after the package build: `node bindings-wasm/bench/sign.mjs`
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Signer } = require("../pkg/node/index.cjs");

const AK = "EXAMPLEAK0000000NCP1";
const SK = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH = "/api/v2/certificate/requestPaidCertificateIssuance";
const N = Number(process.env.NCPCERT_BENCH_N || 100_000);

const signer = new Signer({ accessKey: AK, secretKey: SK });

function wasmHeaders(i) {
  return signer.headers("POST", PATH, 1_700_000_000_000 + i);
}

function nodeHmac(i) {
  const ts = String(1_700_000_000_000 + i);
  const signature = createHmac("sha256", SK).update(`POST ${PATH}\n${ts}\n${AK}`).digest("base64");
  return { "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": AK, "x-ncp-apigw-signature-v2": signature };
}

function time(fn) {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += fn(i)["x-ncp-apigw-signature-v2"].length;
  const ns = Number(process.hrtime.bigint() - start);
  if (sink !== 44 * N) throw new Error("unexpected signature length");
  return ns / N;
}

// Same answers first: the comparison is only meaningful if both compute the same thing.
for (let i = 0; i < 100; i++) {
  if (wasmHeaders(i)["x-ncp-apigw-signature-v2"] !== nodeHmac(i)["x-ncp-apigw-signature-v2"]) {
    throw new Error(`signatures differ at ${i}`);
  }
}

// Warm up, then interleave rounds so that machine noise hits both sides alike.
time(wasmHeaders);
time(nodeHmac);
const rounds = 5;
let wasm = 0;
let node = 0;
for (let r = 0; r < rounds; r++) {
  wasm += time(wasmHeaders);
  node += time(nodeHmac);
}
wasm /= rounds;
node /= rounds;
console.log(`node bench: wasm Signer.headers ${wasm.toFixed(0)} ns, crypto.createHmac ${node.toFixed(0)} ns per signature`);
console.log(`node bench: wasm Signer.headers / crypto.createHmac = ${(wasm / node).toFixed(2)}x (goal <= 1.00x)`);
