// Every code the npm package can throw is one of the core's table: the codes the JavaScript
// layer writes itself (its literals, in bindings-wasm/js/) are checked against the table the
// full module exports (`errorCodes()`, the core's ErrorCode::ALL and Code::ALL).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'node:test';
import { TESTS_DIR } from './helpers.mjs';

const SOURCES = resolve(TESTS_DIR, '../js');
const PACKAGE = join(TESTS_DIR, 'node_modules', 'ncpcert');

/**
 * The full module of the installed package, loaded on its own (this process uses no other),
 * once: its glue keeps views of the first instance's memory.
 */
let loaded;
function nativeModule() {
  return (loaded ??= load());
}

async function load() {
  const glue = await import(pathToFileURL(join(PACKAGE, 'full', 'ncpcert_wasm_bg.js')).href);
  const { instantiate } = await import(pathToFileURL(join(PACKAGE, 'lib', 'load.js')).href);
  const bytes = readFileSync(join(PACKAGE, 'full', 'ncpcert_wasm_bg.wasm'));
  return instantiate(new WebAssembly.Module(bytes), glue, './ncpcert_wasm_bg.js');
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(c?js|d\.ts)$/.test(e.name) ? [path] : [];
  });
}

// A quoted `namespace.name` literal; file names (cert.pem, the .wasm) are not codes.
const LITERAL = /(["'])([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\1/g;
const FILE_NAME = /\.(pem|wasm|c?js|mjs|json|ts|com)$/;

function codeLiterals() {
  const found = new Map();
  for (const file of sourceFiles(SOURCES)) {
    for (const [, , literal] of readFileSync(file, 'utf8').matchAll(LITERAL)) {
      if (!FILE_NAME.test(literal)) found.set(literal, file.slice(SOURCES.length + 1));
    }
  }
  return found;
}

test('every code literal of the JavaScript sources is in the core table', async () => {
  const table = new Set((await nativeModule()).errorCodes());
  const literals = codeLiterals();
  // The scan finds the codes the JavaScript layer throws itself: it cannot pass by finding none.
  for (const code of ['argument.invalid', 'internal.misuse', 'internal.engine', 'internal.panic', 'signing.method', 'site.invalid']) {
    assert.ok(literals.has(code), `the scan found ${code}`);
  }
  const unknown = [...literals].filter(([code]) => !table.has(code)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(unknown, [], 'codes written in bindings-wasm/js/ that the core does not know');
});

test('the core table is the table: codes of no table are not in it', async () => {
  const table = new Set((await nativeModule()).errorCodes());
  for (const minted of ['signing.freed', 'signing.options', 'signing.request', 'signing.signature', 'internal.trap', 'internal', 'init.required']) {
    assert.ok(!table.has(minted), minted);
  }
  // Error codes and finding codes both (a CSR error carries the finding code that says why).
  for (const code of ['order.name_taken', 'transport.failed', 'csr.malformed', 'domain.underscore']) {
    assert.ok(table.has(code), code);
  }
});
