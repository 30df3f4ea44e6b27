// Browser benchmark driver (SPEC §9): opens browser.html (signing) and browser-csr.html (CSR
// inspection against @peculiar/x509) in Debian's headless Chromium (playwright-core, never a
// downloaded browser), served by the browser tests' static server, and prints each page's
// result as one JSON line on stdout. Exit status 1 on any failure.
// Needs the packed package installed next to this file (scripts/bench.sh does it).
//   node bindings-wasm/bench/browser.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS } from '../tests/browser/chromium.mjs';
import { start } from '../tests/browser/server.mjs';

const ROUNDS = Number(process.env.NCPCERT_BENCH_ROUNDS || 9);
const TIMEOUT_MS = 300_000;

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncpcert-bench-chromium-'));
const server = await start();
let context = null;
let status = 1;
const hardStop = setTimeout(() => {
  console.error('browser bench: timed out');
  process.exit(1);
}, TIMEOUT_MS + 20_000);
hardStop.unref();
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: 30_000,
  });
  for (const name of ['browser.html', 'browser-csr.html']) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/bindings-wasm/bench/${name}?rounds=${ROUNDS}`);
    await page.waitForFunction(() => window.__bench !== undefined || window.__benchError !== undefined, null, {
      timeout: TIMEOUT_MS,
    });
    const [bench, error] = await page.evaluate(() => [window.__bench, window.__benchError]);
    if (error || !bench || errors.length) throw new Error(`${name}: ${error || errors.join(' | ') || 'no result'}`);
    const ratios = bench.rounds.map((r) => r.subject / r.baseline).sort((a, b) => a - b);
    console.error(
      `browser bench ${bench.id}: ratio median ${ratios[ratios.length >> 1].toFixed(3)} ` +
        `(min ${ratios[0].toFixed(3)}, max ${ratios[ratios.length - 1].toFixed(3)})`,
    );
    console.log(JSON.stringify(bench));
    await page.close();
  }
  status = 0;
} catch (e) {
  console.error(`browser bench: ${e && e.message ? e.message.split('\n')[0] : e}`);
} finally {
  if (context) await context.close().catch(() => {});
  await server.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(status);
