// Runs the order example of the npm package's README (bindings-wasm/js/README.md, the block
// after `<!-- e2e: place-order-fetch -->`, a call of placeOrder) against a base URL, and prints
// one JSON line: the order it returned, or the error it threw.
//   node node_readme_loop.mjs BASE_URL TIMEOUT_MS [NAMES]
// NAMES (comma-separated: the common name, then the dnsName entries) replaces the sample
// request's names; the certificate name stays "www-example".
// Keys come from NCP_ACCESS_KEY / NCP_SECRET_KEY; the package is the one the Node suite
// installed from the packed tarball (bindings-wasm/tests/node_modules/ncpcert).
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readme = readFileSync(join(root, "bindings-wasm/js/README.md"), "utf8");
const tag = "<!-- e2e: place-order-fetch -->";
const at = readme.indexOf(tag);
if (at < 0) throw new Error(`no ${tag} block in the README`);
const start = readme.indexOf("```js\n", at) + "```js\n".length;
const code = readme.slice(start, readme.indexOf("\n```", start) + 1);

// A folder where `import ... from "ncpcert"` resolves to the installed package.
const dir = join(root, "target", "e2e-node");
mkdirSync(join(dir, "node_modules"), { recursive: true });
const link = join(dir, "node_modules", "ncpcert");
const installed = join(root, "bindings-wasm/tests/node_modules/ncpcert");
// A link left by another checkout (a copied target/ folder) points elsewhere: replace it.
let current = null;
try {
  if (lstatSync(link).isSymbolicLink()) current = readlinkSync(link);
} catch {}
if (current !== installed) {
  if (current !== null) unlinkSync(link);
  symlinkSync(installed, link, "dir");
}
writeFileSync(join(dir, "order-certificate.mjs"), code);
writeFileSync(join(dir, "signer.mjs"), 'export { Signer } from "ncpcert";\n');

const { orderCertificate } = await import(pathToFileURL(join(dir, "order-certificate.mjs")).href);
const { Signer } = await import(pathToFileURL(join(dir, "signer.mjs")).href);

const [baseUrl, timeoutText, namesText] = process.argv.slice(2);
const request = {
  csr: readFileSync(join(root, "tests/data/sample.csr.pem"), "utf8"),
  certificateType: "DV",
  certificateName: "www-example",
  commonName: "www.example.com",
  dnsName: ["www.example.com", "example.com"],
  validationMethod: "D",
};
if (namesText) {
  const [commonName, ...dnsName] = namesText.split(",");
  Object.assign(request, { commonName, dnsName });
}
const signer = new Signer({ accessKey: process.env.NCP_ACCESS_KEY, secretKey: process.env.NCP_SECRET_KEY });
try {
  const o = await orderCertificate(signer, request, { baseUrl, timeoutMs: Number(timeoutText || 30000) });
  console.log(JSON.stringify({
    path: o.path,
    certificateNo: o.certificateNo,
    certificateName: o.certificateName,
    status: o.status,
    attempts: o.attempts,
  }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message), name: e && e.name, code: e && e.code }));
}
