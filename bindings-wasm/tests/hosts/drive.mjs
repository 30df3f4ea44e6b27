// The JavaScript host matrix (SPEC §13), run by run.sh in a fresh folder APP where the packed
// tarball is installed: every host loads `ncpcert` and `ncpcert/signer` the way the package's
// README says, and runs app/check.js (or its TypeScript twin). Prints `ok`/`FAIL` per host
// with its time, then `hosts: N passed, M failed`; exit status 1 when one failed.
//   node drive.mjs APP [HOST...]      (hosts: node, ts, deno, bun, esbuild-node, workerd, pages)
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const APP = resolve(process.argv[2]);
const ONLY = process.argv.slice(3);
const BIN = join(HERE, "node_modules", ".bin");
const OUT = join(APP, "out");
const CSR_FILE = resolve(HERE, "../../../tests/data/sample.csr.pem");
const PASS = /^ncpcert host checks passed: /;
const results = [];

function run(cmd, args, { cwd = APP, env = {}, timeout = 180_000 } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${[cmd, ...args].join(" ")} exited with ${r.status}\n${r.stdout}\n${r.stderr}`.trim());
  }
  return r.stdout;
}

/** Runs a host's program and checks that it printed the checks line. */
function expectChecks(cmd, args, opts) {
  const out = run(cmd, args, opts).trim().split("\n").pop();
  if (!PASS.test(out)) throw new Error(`${cmd} ${args.join(" ")} printed ${JSON.stringify(out)}`);
  return out;
}

async function host(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push(true);
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ""}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${e && e.stack ? e.stack : e}`);
  }
}

const wanted = (group) => ONLY.length === 0 || ONLY.includes(group);
const node = process.execPath;

if (wanted("node")) {
  await host("node 20, ESM import", () => expectChecks(node, ["node-esm.js"]));
  await host("node 20, CommonJS require", () => expectChecks(node, ["node-cjs.cjs"]));
}

if (wanted("ts")) {
  // One source, three consumers: CommonJS and ES module under node16 resolution, and bundler
  // resolution; each type-checked against the package's declarations, compiled and run.
  const variants = {
    "ts-cjs": { type: "commonjs", module: "node16", moduleResolution: "node16", esModuleInterop: true },
    "ts-esm": { type: "module", module: "node16", moduleResolution: "node16" },
    "ts-bundler": { type: "module", module: "esnext", moduleResolution: "bundler" },
  };
  for (const [dir, { type, ...options }] of Object.entries(variants)) {
    await host(`TypeScript, ${dir.slice(3)} (${options.moduleResolution} resolution)`, () => {
      const d = join(APP, dir);
      mkdirSync(d, { recursive: true });
      cpSync(join(APP, "ts", "main.ts"), join(d, "main.ts"));
      writeFileSync(join(d, "package.json"), JSON.stringify({ type }));
      const compilerOptions = {
        target: "ES2022",
        lib: ["ES2022"],
        strict: true,
        skipLibCheck: false,
        outDir: "out",
        types: ["node"],
        typeRoots: [join(HERE, "node_modules", "@types")],
        ...options,
      };
      writeFileSync(join(d, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["main.ts"] }, null, 2));
      run(join(BIN, "tsc"), ["-p", "tsconfig.json"], { cwd: d });
      return expectChecks(node, [join(d, "out", "main.js"), CSR_FILE], { cwd: d });
    });
  }
}

if (wanted("deno")) {
  await host("deno 2, no permission flags", () =>
    expectChecks(join(BIN, "deno"), ["run", "deno.js"], {
      env: { DENO_DIR: join(APP, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    }),
  );
}

if (wanted("bun")) {
  const bun = join(BIN, "bun");
  await host("bun, run", () => expectChecks(bun, ["bun.js"]));
  await host("bun build --target=bun, run", () => {
    run(bun, ["build", "bun.js", "--target=bun", "--outdir", join(OUT, "bun-build")]);
    return expectChecks(bun, [join(OUT, "bun-build", "bun.js")]);
  });
}

if (wanted("esbuild-node")) {
  for (const format of ["cjs", "esm"]) {
    await host(`esbuild --platform=node --format=${format}, run by node`, () => {
      const file = join(OUT, `esbuild-node-${format}`, format === "cjs" ? "main.cjs" : "main.mjs");
      run(join(BIN, "esbuild"), ["node-esm.js", "--bundle", "--platform=node", `--format=${format}`, `--outfile=${file}`, "--log-level=error"]);
      return expectChecks(node, [file]);
    });
  }
}

if (wanted("workerd")) {
  await host("Cloudflare Workers: wrangler bundle, miniflare (workerd), signed request", async () => {
    const worker = join(APP, "worker");
    run(join(BIN, "wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
      cwd: worker,
      env: { WRANGLER_SEND_METRICS: "false", CI: "1", WRANGLER_LOG_PATH: join(APP, ".wrangler-logs") },
    });
    const { Miniflare } = await import("miniflare");
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(worker, "dist", "index.js"),
      // Module names are paths relative to this root: the bundle folder.
      modulesRoot: join(worker, "dist"),
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2025-09-01",
    });
    try {
      const { Signer } = createRequire(join(APP, "package.json"))("ncpcert");
      const signer = new Signer({ accessKey: "EXAMPLEAK0000000NCP1", secretKey: "EXAMPLESECRET00000000000000000000NCPSK01" });
      const target = "/check?from=host-matrix";
      const res = await mf.dispatchFetch(`http://worker.local${target}`, { headers: signer.headers("GET", target) });
      const text = await res.text();
      if (res.status !== 200 || !PASS.test(text)) throw new Error(`worker answered ${res.status}: ${text}`);
      const unsigned = await mf.dispatchFetch(`http://worker.local${target}`);
      await unsigned.text();
      if (unsigned.status !== 401) throw new Error(`an unsigned request got ${unsigned.status}, not 401`);
      return text;
    } finally {
      await mf.dispose();
    }
  });
}

if (wanted("pages")) {
  const { pages } = await import("./pages.mjs");
  await pages({ APP, OUT, BIN, run, host });
}

const passed = results.filter(Boolean).length;
console.log(`hosts: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
