// The browser half of the host matrix: app/page/main.js built by esbuild (iife and esm),
// vite, webpack 5 and rollup (chunks, or one file), each as the package's README says, then
// each page opened in headless Chromium (the browser tests' launch settings), which must set
// the checks line as its title.
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, FLAGS } from "../browser/chromium.mjs";
import { start } from "../browser/server.mjs";

const CLASSIC = '<!doctype html>\n<meta charset="utf-8">\n<title>pending</title>\n<script src="./main.js"></script>\n';
const MODULE = '<!doctype html>\n<meta charset="utf-8">\n<title>pending</title>\n<script type="module" src="./main.js"></script>\n';
const PASS = /^ncpcert host checks passed: /;

/** README step for bundlers that do not copy assets (esbuild, rollup): the three .wasm files beside the bundle. */
function copyWasm(app, dir) {
  const pkg = join(app, "node_modules", "ncpcert");
  copyFileSync(join(pkg, "full", "ncpcert_wasm_bg.wasm"), join(dir, "ncpcert_wasm_bg.wasm"));
  copyFileSync(join(pkg, "signer", "ncpcert_wasm_signer_bg.wasm"), join(dir, "ncpcert_wasm_signer_bg.wasm"));
  copyFileSync(join(pkg, "order", "ncpcert_wasm_order_bg.wasm"), join(dir, "ncpcert_wasm_order_bg.wasm"));
}

export async function pages({ APP, OUT, BIN, run, host }) {
  const root = join(OUT, "pages");
  const entry = join(APP, "page", "main.js");
  const built = [];
  const build = async (name, fn) => {
    await host(`${name}: build`, async () => {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      await fn(dir);
      built.push(name);
    });
  };

  for (const format of ["iife", "esm"]) {
    await build(`esbuild-${format}`, (dir) => {
      run(join(BIN, "esbuild"), [entry, "--bundle", `--format=${format}`, `--outfile=${join(dir, "main.js")}`, "--log-level=error"]);
      copyWasm(APP, dir);
      writeFileSync(join(dir, "index.html"), format === "iife" ? CLASSIC : MODULE);
    });
  }
  // No bundler: the installed package copied into a static folder, mapped by an import map.
  await build("static", (dir) => {
    cpSync(join(APP, "node_modules", "ncpcert"), join(dir, "ncpcert"), { recursive: true });
    cpSync(join(APP, "check.js"), join(dir, "check.js"));
    cpSync(join(APP, "csr.js"), join(dir, "csr.js"));
    mkdirSync(join(dir, "page"));
    cpSync(entry, join(dir, "page", "main.js"));
    const map = {
      imports: { ncpcert: "./ncpcert/full/browser.js", "ncpcert/signer": "./ncpcert/signer/browser.js", "ncpcert/order": "./ncpcert/order/browser.js" },
    };
    writeFileSync(join(dir, "index.html"), MODULE.replace("<script type", `<script type="importmap">${JSON.stringify(map)}</script>\n<script type`).replace("./main.js", "./page/main.js"));
  });
  await build("vite", (dir) => {
    run(join(BIN, "vite"), ["build", "page", "--outDir", dir, "--emptyOutDir", "--base", "./", "--logLevel", "warn"]);
  });
  await build("webpack", async (dir) => {
    const { default: webpack } = await import("webpack");
    const stats = await new Promise((resolve, reject) =>
      webpack({ mode: "production", context: APP, entry, output: { path: dir, filename: "main.js" } }, (err, s) =>
        err ? reject(err) : resolve(s),
      ),
    );
    if (stats.hasErrors()) throw new Error(stats.toString("errors-only"));
    writeFileSync(join(dir, "index.html"), CLASSIC);
  });
  // rollup: the order workflow is a chunk of its own (output.dir), or inlined into one file
  // (output.file, which rollup accepts for code with dynamic imports only with
  // inlineDynamicImports), as the README says.
  for (const [name, output] of [
    ["rollup", (dir) => ({ dir, entryFileNames: "main.js", format: "es" })],
    ["rollup-one-file", (dir) => ({ file: join(dir, "main.js"), format: "es", inlineDynamicImports: true })],
  ]) {
    await build(name, async (dir) => {
      const { rollup } = await import("rollup");
      const { default: nodeResolve } = await import("@rollup/plugin-node-resolve");
      const bundle = await rollup({ input: entry, plugins: [nodeResolve({ browser: true })] });
      await bundle.write(output(dir));
      await bundle.close();
      copyWasm(APP, dir);
      writeFileSync(join(dir, "index.html"), MODULE);
    });
  }

  if (built.length === 0) return;
  const server = await start({ root });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    for (const name of built) {
      await host(`${name}: page in headless Chromium`, async () => {
        const page = await browser.newPage();
        const errors = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
        try {
          await page.goto(`${server.url}/${name}/index.html`);
          await page
            .waitForFunction(() => document.title !== "pending", null, { timeout: 30_000 })
            .catch((e) => errors.unshift(String(e)));
          const title = await page.title();
          if (!PASS.test(title)) throw new Error(`${title}\n${errors.join("\n")}`);
          return title;
        } finally {
          await page.close();
        }
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
