// The page of every bundler (esbuild iife and esm, vite, webpack, rollup): `init()` once per
// entry, as the README says for browsers, then the shared checks. No top-level await, so that
// the same source builds to a classic script. The outcome goes to the document title.
import init, * as ncp from "ncpcert";
import initSigner, * as signer from "ncpcert/signer";
import { runChecks } from "../check.js";

Promise.all([init(), initSigner()])
  .then(() => runChecks(ncp, signer))
  .then(
    (line) => (document.title = line),
    (e) => (document.title = `FAILED: ${e && e.stack ? e.stack : e}`),
  );
