// The page of every bundler (esbuild iife and esm, vite, webpack, rollup): `init()` once per
// entry, as the README says for browsers, then the shared checks; the order workflow's .wasm
// must not be fetched before the first placeOrder. No top-level await, so that the same
// source builds to a classic script. The outcome goes to the document title.
import init, * as ncp from "ncpcert";
import initSigner, * as signer from "ncpcert/signer";
import { runChecks } from "../check.js";

/** The .wasm files the page has fetched so far (bundlers rename them: any name ending in .wasm). */
const wasmFetched = () => performance.getEntriesByType("resource").filter((r) => new URL(r.name).pathname.endsWith(".wasm")).length;

let atInit;
Promise.all([init(), initSigner()])
  .then(() => {
    atInit = wasmFetched();
    return runChecks(ncp, signer, () => import("ncpcert/order"));
  })
  .then((line) => {
    // The two entries' modules at init; the order workflow's only once placeOrder ran.
    const after = wasmFetched();
    if (atInit !== 2 || after !== 3) throw new Error(`.wasm files fetched: ${atInit} after init, ${after} after placeOrder (expected 2, then 3)`);
    return `${line}, order .wasm fetched on the first placeOrder`;
  })
  .then(
    (line) => (document.title = line),
    (e) => (document.title = `FAILED: ${e && e.stack ? e.stack : e}`),
  );
