// End-to-end client in Node: sends requests to a base URL with the npm package, in one of two
// ways, and prints a JSON line of the HTTP statuses it got.
//   node node_client.mjs BASE_URL (prepare|wrapFetch) COUNT
// Keys come from NCP_ACCESS_KEY / NCP_SECRET_KEY.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ncp = require("../../bindings-wasm/pkg/full/node.cjs");

const [baseUrl, mode, countText] = process.argv.slice(2);
const count = Number(countText || 1);
const csr = readFileSync(new URL("../data/sample.csr.pem", import.meta.url), "utf8");
const request = {
  csr,
  certificateType: "DV",
  certificateName: "www-example",
  commonName: "www.example.com",
  dnsName: ["www.example.com", "example.com"],
  validationMethod: "D",
};
const signer = new ncp.Signer({ accessKey: process.env.NCP_ACCESS_KEY, secretKey: process.env.NCP_SECRET_KEY });
const prepared = ncp.prepare(request, { baseUrl });
const signedFetch = signer.wrapFetch(fetch);

const statuses = [];
const certificateNos = [];
for (let i = 0; i < count; i++) {
  let res;
  if (mode === "prepare") {
    const signed = signer.signRequest(prepared);
    res = await fetch(signed.url, { method: signed.method, headers: signed.headers, body: signed.body });
  } else {
    res = await signedFetch(prepared.url, { method: "POST", headers: prepared.headers, body: prepared.body });
  }
  statuses.push(res.status);
  const body = new Uint8Array(await res.arrayBuffer());
  if (res.status === 200) certificateNos.push(ncp.parseResponse(res.status, body).paidCertificate.certificateNo);
}
console.log(JSON.stringify({ statuses, certificateNos }));
