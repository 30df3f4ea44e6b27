// The zero-import ncpcert-ffi.wasm from Node's plain WebAssembly API (no wasm-bindgen, no
// glue): it has no imports, and signs every shared signature vector.
// Usage: node --test node-wasm.test.mjs   (NCPCERT_FFI_WASM: the module; default
// target/ncpcert-c/wasm/ncpcert-ffi.wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const wasmPath = process.env.NCPCERT_FFI_WASM ?? path.join(repo, 'target/ncpcert-c/wasm/ncpcert-ffi.wasm');
const module = new WebAssembly.Module(readFileSync(wasmPath));
const vectors = JSON.parse(readFileSync(path.join(repo, 'tests/vectors/signature_v2.json'), 'utf8')).vectors;

test('the module has no imports', () => {
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  for (const name of ['ncpcert_alloc', 'ncpcert_dealloc', 'ncpcert_sign', 'ncpcert_signer_new', 'ncpcert_buf_free',
    'ncpcert_order_new', 'ncpcert_order_next', 'ncpcert_order_feed', 'ncpcert_order_free']) {
    assert.ok(exports.includes(name), name);
  }
});

const { exports: ffi } = new WebAssembly.Instance(module, {});
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Copies bytes into module memory: [pointer, length], released by `free`. */
function put(blocks, text) {
  const bytes = encoder.encode(text);
  const ptr = ffi.ncpcert_alloc(bytes.length);
  new Uint8Array(ffi.memory.buffer, ptr, bytes.length).set(bytes);
  blocks.push([ptr, bytes.length]);
  return [ptr, bytes.length];
}

function alloc(blocks, size) {
  const ptr = ffi.ncpcert_alloc(size);
  blocks.push([ptr, size]);
  return ptr;
}

/** The text of the ncpcert_buf at ptr, then frees it. */
function takeBuf(ptr) {
  const [data, len] = new Uint32Array(ffi.memory.buffer, ptr, 2);
  const text = data ? decoder.decode(new Uint8Array(ffi.memory.buffer, data, len)) : '';
  ffi.ncpcert_buf_free(ptr);
  return text;
}

function release(blocks) {
  for (const [ptr, size] of blocks) ffi.ncpcert_dealloc(ptr, size);
}

function sign(method, url, timestamp, ak, sk) {
  const blocks = [];
  try {
    const out = alloc(blocks, 44);
    const error = alloc(blocks, 8);
    const status = ffi.ncpcert_sign(...put(blocks, method), ...put(blocks, url), BigInt(timestamp),
      ...put(blocks, ak), ...put(blocks, sk), out, error);
    const errorText = takeBuf(error);
    if (status !== 0) return { status, error: JSON.parse(errorText) };
    return { status, signature: decoder.decode(new Uint8Array(ffi.memory.buffer, out, 44)) };
  } finally {
    release(blocks);
  }
}

test('ncpcert_sign signs every shared vector', () => {
  assert.ok(vectors.length >= 8);
  for (const v of vectors) {
    const got = sign(v.method, v.url, v.timestamp, v.access_key, v.secret_key);
    assert.equal(got.status, 0, v.id);
    assert.equal(got.signature, v.expected_signature, v.id);
  }
});

test('the signer handle signs every shared vector', () => {
  for (const v of vectors) {
    const blocks = [];
    try {
      const handleOut = alloc(blocks, 4);
      const status = ffi.ncpcert_signer_new(...put(blocks, v.access_key), ...put(blocks, v.secret_key), handleOut, 0);
      assert.equal(status, 0, v.id);
      const handle = new Uint32Array(ffi.memory.buffer, handleOut, 1)[0];
      const out = alloc(blocks, 8);
      assert.equal(ffi.ncpcert_signer_headers(handle, ...put(blocks, v.method.toLowerCase()), ...put(blocks, v.url),
        BigInt(v.timestamp), out), 0, v.id);
      const headers = JSON.parse(takeBuf(out));
      ffi.ncpcert_signer_free(handle);
      assert.equal(headers.method, v.method);
      assert.equal(headers.headers['x-ncp-apigw-signature-v2'], v.expected_signature, v.id);
    } finally {
      release(blocks);
    }
  }
});

test('a refused secret key is a signing error that does not show it', () => {
  const got = sign('POST', '/api', '1700000000000', 'EXAMPLEAK0000000NCP1', 'TOPSECRETVALUE with a space');
  assert.equal(got.status, 1);
  assert.equal(got.error.type, 'signing');
  assert.equal(got.error.code, 'signing.secret_key');
  assert.ok(!JSON.stringify(got.error).includes('TOPSECRET'));
});

test('the calls after the request are exported and answer', () => {
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  for (const name of ['ncpcert_list_dcv_statuses', 'ncpcert_parse_dcv_statuses', 'ncpcert_validation_domains',
    'ncpcert_get_certificate_chain', 'ncpcert_parse_certificate_chain', 'ncpcert_list_organizations',
    'ncpcert_parse_organizations']) {
    assert.ok(exports.includes(name), name);
  }
  const blocks = [];
  try {
    let out = alloc(blocks, 8);
    assert.equal(ffi.ncpcert_list_organizations(...put(blocks, '{}'), ...put(blocks, 'public'), out), 0);
    const prepared = JSON.parse(takeBuf(out));
    assert.equal(prepared.method, 'POST');
    assert.equal(prepared.path, '/api/v2/organization/getOrganizationInfoList');
    assert.equal(prepared.body, '{}');
    out = alloc(blocks, 8);
    assert.equal(ffi.ncpcert_validation_domains(...put(blocks, '["*.Example.com","example.com","www.example.com"]'), out), 0);
    assert.deepEqual(JSON.parse(takeBuf(out)), ['example.com', 'www.example.com']);
    out = alloc(blocks, 8);
    assert.equal(ffi.ncpcert_get_certificate_chain(...put(blocks, '{"certificateNo":0}'), ...put(blocks, 'public'), out), 5);
    assert.equal(JSON.parse(takeBuf(out)).type, 'argument');
  } finally {
    release(blocks);
  }
});
