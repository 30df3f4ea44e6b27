// SPEC §9 cold start, whole process: `node` importing ncpcert and printing one signature ÷ the
// same with node:crypto, for the full entry (`ncpcert`) and the signing-only one
// (`ncpcert/signer`). Each round starts every script BATCH times, in an order that rotates
// every round, so that machine noise hits all sides; one JSON line per figure (the format of
// scripts/bench_report.py). Run where the packed package is installed (bindings-wasm/bench).
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROUNDS = Number(process.env.NCPCERT_BENCH_ROUNDS || 9);
const BATCH = Number(process.env.NCPCERT_BENCH_COLD_BATCH || 5);
const REF = {
  path: "/api/v2/certificate/requestPaidCertificateIssuance",
  ts: 1700000000000,
  ak: "EXAMPLEAK0000000NCP1",
  sk: "EXAMPLESECRET00000000000000000000NCPSK01",
  signature: "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=",
};
const args = `"POST", ${JSON.stringify(REF.path)}, ${REF.ts}, ${JSON.stringify(REF.ak)}, ${JSON.stringify(REF.sk)}`;
const SCRIPTS = {
  full: `import { sign } from "ncpcert";\nconsole.log(sign(${args}));\n`,
  signer: `import { sign } from "ncpcert/signer";\nconsole.log(sign(${args}));\n`,
  crypto:
    `import { createHmac } from "node:crypto";\n` +
    `console.log(createHmac("sha256", ${JSON.stringify(REF.sk)}).update(` +
    `${JSON.stringify(`POST ${REF.path}\n${REF.ts}\n${REF.ak}`)}).digest("base64"));\n`,
};

// The scripts live beside node_modules, so that "ncpcert" resolves to the installed tarball.
const dir = mkdtempSync(join(process.cwd(), ".cold-start-"));
const files = {};
for (const [name, text] of Object.entries(SCRIPTS)) {
  files[name] = join(dir, `${name}.mjs`);
  writeFileSync(files[name], text);
}

function once(name) {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [files[name]], { encoding: "utf8" }).trim();
  const ns = Number(process.hrtime.bigint() - t0);
  if (out !== REF.signature) throw new Error(`${name}: printed ${out}, not the reference signature`);
  return ns;
}

try {
  for (const name of Object.keys(SCRIPTS)) once(name); // warm the file cache
  const order = Object.keys(SCRIPTS);
  const rounds = { full: [], signer: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const total = { full: 0, signer: 0, crypto: 0 };
    for (let b = 0; b < BATCH; b++) {
      for (const name of order) total[name] += once(name);
    }
    order.push(order.shift());
    for (const side of ["full", "signer"]) {
      rounds[side].push({ subject: total[side] / BATCH, baseline: total.crypto / BATCH });
    }
  }
  for (const side of ["full", "signer"]) {
    const entry = side === "full" ? "ncpcert" : "ncpcert/signer";
    console.log(
      JSON.stringify({
        id: `node.cold_start.${side}`,
        subject: `node: import { sign } from "${entry}"; print one signature`,
        baseline: 'node: import { createHmac } from "node:crypto"; print one signature',
        unit: "ns",
        calls_per_round: BATCH,
        rounds: rounds[side],
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
