// Shared helpers of the Node test suite (not a test file: node --test only runs *.test.*).
// Expected values come from the vector files and from node:crypto, never from the package.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Repository folders, relative to this file. */
export const VECTORS_DIR = resolve(here, '../../../tests/vectors');
export const DATA_DIR = resolve(here, '../../../tests/data');
export const TESTS_DIR = resolve(here, '..');
export const DIST_DIR = resolve(here, '../../dist');
const MOCK = resolve(here, '../../../tests/mock_ncp/server.py');

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function vectors(name) {
  return readJson(join(VECTORS_DIR, name));
}

/** The packed package: $NCPCERT_TARBALL (set by run-node.sh) or the one .tgz in ../../dist. */
export function tarballPath() {
  if (process.env.NCPCERT_TARBALL) return process.env.NCPCERT_TARBALL;
  const found = readdirSync(DIST_DIR).filter((f) => /^ncpcert-.*\.tgz$/.test(f));
  assert.equal(found.length, 1, `expected one ncpcert-*.tgz in ${DIST_DIR}, found ${found}`);
  return join(DIST_DIR, found[0]);
}

/** Independent signature v2 (SPEC §3), straight from node:crypto. */
export function refSign(method, pathAndQuery, timestampMs, accessKey, secretKey) {
  const msg = `${method.toUpperCase()} ${pathAndQuery}\n${timestampMs}\n${accessKey}`;
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(msg, 'utf8').digest('base64');
}

/** SPEC §3 reference vector. */
export const REF = Object.freeze({
  method: 'POST',
  path: '/api/v2/certificate/requestPaidCertificateIssuance',
  url: 'https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance',
  timestamp: 1700000000000,
  accessKey: 'EXAMPLEAK0000000NCP1',
  secretKey: 'EXAMPLESECRET00000000000000000000NCPSK01',
  signature: 'QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=',
});

/** A valid DV request (tests/data/sample.csr.pem: CN www.example.com, SANs www + apex, C=KR). */
export function sampleRequest(overrides = {}) {
  return {
    csr: readFileSync(join(DATA_DIR, 'sample.csr.pem'), 'utf8'),
    certificateType: 'NCP_PAID_DV_01',
    certificateName: 'www-example',
    commonName: 'www.example.com',
    dnsName: ['www.example.com', 'example.com'],
    validationMethod: 'D',
    ...overrides,
  };
}

/** Deterministic PRNG (mulberry32) so a failing random case can be replayed from its seed. */
export function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `{code, field, severity}` triples of findings, as a sorted list of unique keys. */
export function findingKeys(findings) {
  return [...new Set(findings.map((f) => `${f.code} | ${f.field} | ${f.severity}`))].sort();
}

/** Every finding has the documented shape (SPEC §5). */
export function assertFindingShape(f, where) {
  assert.equal(typeof f, 'object', `${where}: finding is an object`);
  assert.notEqual(f, null, `${where}: finding is not null`);
  for (const k of ['code', 'field', 'severity', 'message']) {
    assert.equal(typeof f[k], 'string', `${where}: finding.${k} is a string (${JSON.stringify(f)})`);
  }
  assert.ok(f.code.length > 0, `${where}: finding.code non-empty`);
  assert.ok(f.message.length > 0, `${where}: finding.message non-empty (${f.code})`);
  assert.ok(f.severity === 'error' || f.severity === 'warning', `${where}: severity ${f.severity}`);
}

/**
 * Checks that `err` is an ncpcert error of class `cls` (a constructor exported by the package,
 * e.g. ncp.NcpSigningError) and of the base `base` (ncp.NcpError), with a non-empty message.
 */
export function assertNcpError(err, base, cls, where) {
  assert.ok(err instanceof Error, `${where}: instanceof Error (got ${show(err)})`);
  assert.ok(err instanceof base, `${where}: instanceof NcpError (got ${show(err)})`);
  if (cls) {
    assert.ok(err instanceof cls, `${where}: instanceof ${cls.name} (got ${show(err)})`);
    assert.equal(err.name, cls.name, `${where}: .name`);
  }
  assert.equal(err.name, err.constructor.name, `${where}: .name is the class name`);
  assert.equal(typeof err.message, 'string', `${where}: message is a string`);
  assert.ok(err.message.length > 0, `${where}: non-empty message`);
  assert.equal(typeof err.code, 'string', `${where}: .code is a string (got ${typeof err.code})`);
  assert.ok(err.code.length > 0, `${where}: non-empty .code`);
}

export function show(x) {
  if (x instanceof Error) return `${x.constructor?.name}(${x.name}): ${String(x.message).slice(0, 200)}`;
  try {
    return `${typeof x} ${String(x).slice(0, 200)}`;
  } catch {
    return typeof x;
  }
}

/** Runs fn, returns what it threw; fails when it returns normally. */
export function thrown(fn, where) {
  let value;
  try {
    value = fn();
  } catch (e) {
    return e;
  }
  let shown;
  try {
    shown = JSON.stringify(value)?.slice(0, 300);
  } catch {
    shown = String(value).slice(0, 300);
  }
  assert.fail(`${where}: expected a throw, returned ${shown}`);
}

/** Lower-cased copy of a headers record (the contract gives plain objects). */
export function lowerHeaders(h) {
  const out = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** A 10 MB string (10 * 2^20 code units) of `ch`. */
export const TEN_MB = 10 * 1024 * 1024;
export function tenMb(ch = 'a') {
  return ch.repeat(TEN_MB);
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the mock NCP (tests/mock_ncp/server.py --port 0 --ready-file F ...args) as a
 * subprocess and waits for its URL. `requests()` lists what the mock logged of each request
 * it received (`{method, target, status, verdict, fault}`, in arrival order; `status` is
 * "closed" when nothing was sent back): the mock's own account, independent of the client.
 */
export async function startMock(args) {
  const dir = mkdtempSync(join(tmpdir(), 'ncpcert-mock-'));
  const ready = join(dir, 'url');
  const child = spawn('python3', [MOCK, '--port', '0', '--ready-file', ready, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  let partial = '';
  const requests = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-20_000);
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      // mock-ncp: 127.0.0.1 POST /api/v2/… -> 504 accepted [placed-then-504]
      const m = /^mock-ncp: \S+ (\S+) (\S+) -> (\S+) (\S+)(?: \[(.*)\])?$/.exec(line);
      if (m) requests.push({ method: m[1], target: m[2], status: m[3], verdict: m[4], fault: m[5] ?? null });
    }
  });
  const exited = new Promise((r) => child.once('exit', r));
  for (let i = 0; !existsSync(ready); i++) {
    if (child.exitCode !== null || i > 500) {
      child.kill();
      throw new Error(`the mock NCP did not start (${args.join(' ')}): ${log}`);
    }
    await pause(20);
  }
  const url = readFileSync(ready, 'utf8').trim();
  return {
    url,
    log: () => log,
    requests: () => [...requests],
    /** Waits (up to 5 s) until the mock has logged at least `n` requests; returns them all. */
    async requestsAfter(n) {
      for (let i = 0; requests.length < n && i < 250; i++) await pause(20);
      return [...requests];
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
