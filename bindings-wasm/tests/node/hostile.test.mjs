// The hostile-input catalogue (tests/vectors/hostile.json, format in tests/vectors/README.md)
// through the package's public API: every case must give the outcome the catalogue states,
// every thrown value must be an Error of the package's classes with a string `code`, and every
// call must return within the catalogue's time limit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ncp from 'ncpcert';
import { VECTORS_DIR, REF } from './helpers.mjs';

const { NcpError, NcpSigningError, NcpValidationError, NcpCsrError, NcpApiError } = ncp;

const TESTS_ROOT = resolve(VECTORS_DIR, '..');
const catalogue = JSON.parse(readFileSync(join(VECTORS_DIR, 'hostile.json'), 'utf8'));
const LIMIT_MS = catalogue.time_limit_ms;

// ------------------------------------------------------------------------------- generators
// Text is a JS string (UTF-16, so a lone surrogate is itself); bytes are a Uint8Array.

const encoder = new TextEncoder();
const toBytes = (d) => (typeof d === 'string' ? encoder.encode(d) : d);

function hex(text) {
  const digits = text.replace(/\s+/g, '');
  assert.equal(digits.length % 2, 0, `catalogue: odd hex ${text}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function derLength(len) {
  if (len < 0x80) return [len];
  const bytes = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return [0x80 | bytes.length, ...bytes];
}

function oneKey(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0], value[keys[0]]] : undefined;
}

function gen(value) {
  if (typeof value === 'string') return value;
  const [kind, a] = oneKey(value) ?? assert.fail(`catalogue: bad generator ${JSON.stringify(value)}`);
  switch (kind) {
    case 'text':
      return a;
    case 'hex':
      return hex(a);
    case 'base64':
      return new Uint8Array(Buffer.from(a, 'base64'));
    case 'file':
      return new Uint8Array(readFileSync(join(TESTS_ROOT, a)));
    case 'file_text':
      return readFileSync(join(TESTS_ROOT, a), 'utf8');
    case 'surrogate':
      return String.fromCharCode(parseInt(a, 16));
    case 'repeat': {
      const unit = gen(a.unit);
      if (typeof unit === 'string') return unit.repeat(a.times);
      const out = new Uint8Array(unit.length * a.times);
      for (let i = 0; i < a.times; i++) out.set(unit, i * unit.length);
      return out;
    }
    case 'concat': {
      const parts = a.map(gen);
      return parts.every((p) => typeof p === 'string') ? parts.join('') : concatBytes(parts.map(toBytes));
    }
    case 'numbered': {
      const items = [];
      for (let i = 0; i < a.times; i++) items.push(a.template.replaceAll('{i}', String(i)));
      return items.join(a.separator);
    }
    case 'der_nest': {
      const tag = [...hex(a.tag)];
      const inner = toBytes(gen(a.inner));
      let len = inner.length;
      const headers = [];
      for (let i = 0; i < a.depth; i++) {
        const header = [...tag, ...derLength(len)];
        len += header.length;
        headers.push(Uint8Array.from(header));
      }
      return concatBytes([...headers.reverse(), inner]);
    }
    case 'pem': {
      const width = a.line_width ?? 64;
      const eol = a.eol ?? '\n';
      const b64 = Buffer.from(toBytes(gen(a.der))).toString('base64');
      const lines = [];
      for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width) + eol);
      return `-----BEGIN ${a.label}-----${eol}${lines.join('')}-----END ${a.label}-----${eol}`;
    }
    case 'json':
      return json(a);
    case 'base_request_with':
      return json({ ...catalogue.base_request, ...a });
    default:
      return assert.fail(`catalogue: unknown generator ${kind}`);
  }
}

function text(value, what) {
  const t = gen(value);
  assert.equal(typeof t, 'string', `catalogue: ${what} must generate text`);
  return t;
}

/** JSON text of a catalogue value; {"$gen": G} is G's text as a JSON string, {"$raw": G} G's text as is. */
function json(value) {
  const special = oneKey(value);
  if (special?.[0] === '$gen') return JSON.stringify(text(special[1], '$gen'));
  if (special?.[0] === '$raw') return text(special[1], '$raw');
  if (Array.isArray(value)) return `[${value.map(json).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ------------------------------------------------------------------------------- running

/** Builds the arguments, then times only the API call; `lang` is passed when given. */
function prepareCall(c, lang) {
  const withLang = (options) => (lang === undefined ? options : { ...options, lang });
  const input = c.input;
  switch (c.call) {
    case 'sign': {
      const arg = (k) => text(input[k] ?? catalogue.sign_defaults[k], k);
      const args = [arg('method'), arg('path'), Number(input.timestamp ?? catalogue.sign_defaults.timestamp),
        arg('access_key'), arg('secret_key')];
      return () => ncp.sign(...args);
    }
    case 'validate':
    case 'prepare': {
      // The request as a host value: the catalogue's JSON text through JSON.parse.
      const request = JSON.parse(text(input.request, 'request'));
      if (input.csr !== undefined) request.csr = gen(input.csr);
      if (c.call === 'validate') return () => ncp.validate(request, withLang({ strict: Boolean(input.strict) }));
      const options = withLang({ strict: Boolean(input.strict) });
      if (input.site !== undefined) options.site = input.site;
      if (input.base_url !== undefined) options.baseUrl = text(input.base_url, 'base_url');
      return () => ncp.prepare(request, options);
    }
    case 'inspect_csr': {
      const csr = gen(input);
      return () => (lang === undefined ? ncp.inspectCsr(csr) : ncp.inspectCsr(csr, { lang }));
    }
    case 'parse_response': {
      const body = gen(input.body);
      return () => ncp.parseResponse(input.status, body);
    }
    default:
      return assert.fail(`catalogue: unknown call ${c.call}`);
  }
}

function classOf(e) {
  if (e instanceof NcpSigningError) return 'signing';
  if (e instanceof NcpValidationError) return 'validation';
  if (e instanceof NcpCsrError) return 'csr';
  if (e instanceof NcpApiError) return 'api';
  return 'argument';
}

function outcomeOf(c, result) {
  switch (c.call) {
    case 'sign':
      return { returned: true, findings: [], value: result };
    case 'validate':
    case 'inspect_csr':
      return { returned: true, findings: result.findings };
    default:
      return { returned: true, findings: [] };
  }
}

function matchesFinding(f, expect) {
  return f.code === expect.code
    && (expect.field === undefined || f.field === expect.field)
    && (expect.severity === undefined || f.severity === expect.severity);
}

function describe(outcome) {
  const codes = (outcome.findings || []).slice(0, 8).map((f) => `${f.code}@${f.field}(${f.severity})`);
  if ((outcome.findings || []).length > 8) codes.push(`… ${outcome.findings.length} in all`);
  return outcome.returned
    ? `a normal return (value ${JSON.stringify(outcome.value)}; findings [${codes.join(', ')}])`
    : `a ${outcome.class} error ${JSON.stringify(outcome.code)} (api kind ${outcome.kind}; findings [${codes.join(', ')}]): ${outcome.message?.slice(0, 200)}`;
}

function check(expect, outcome) {
  switch (expect.kind) {
    case 'ok':
      return outcome.returned && !outcome.findings.some((f) => f.severity === 'error')
        && (expect.value === undefined || outcome.value === expect.value);
    case 'finding':
      return (outcome.returned || outcome.class === 'validation') && outcome.findings.some((f) => matchesFinding(f, expect));
    case 'error':
      return !outcome.returned && outcome.class === expect.class && outcome.code === expect.code
        && (expect.api_kind === undefined || outcome.kind === expect.api_kind);
    default:
      return false;
  }
}

const mismatches = [];

for (const c of catalogue.cases) {
  test(`hostile ${c.id}: ${c.description}`, () => {
    const expect = c.language_expect?.js ?? c.expect;
    const call = prepareCall(c);
    const start = performance.now();
    let outcome;
    try {
      outcome = outcomeOf(c, call());
    } catch (e) {
      const took = performance.now() - start;
      // Whatever is thrown must be one of the package's errors: never a RuntimeError from
      // the wasm module, a RangeError from the JS layer, or a non-Error value.
      if (!(e instanceof Error) || !(e instanceof NcpError) || typeof e.code !== 'string' || !e.code) {
        const what = e instanceof Error ? `${e.constructor.name}: ${e.message}` : `non-Error ${String(e)}`;
        mismatches.push(`${c.id}: threw ${what}`);
        assert.fail(`threw something that is not an NcpError with a code: ${what}\n${e?.stack ?? ''}`);
      }
      outcome = { returned: false, class: classOf(e), code: e.code, kind: e.kind, findings: e.findings ?? [], message: e.message, took };
    }
    const took = outcome.took ?? performance.now() - start;
    if (!check(expect, outcome)) {
      mismatches.push(`${c.id}: expected ${JSON.stringify(expect)}, got ${describe(outcome)}`);
      assert.fail(`expected ${JSON.stringify(expect)}, got ${describe(outcome)}`);
    }
    if (took > LIMIT_MS) {
      mismatches.push(`${c.id}: took ${took.toFixed(0)} ms, over the ${LIMIT_MS} ms limit`);
      assert.fail(`took ${took.toFixed(0)} ms, over the ${LIMIT_MS} ms limit`);
    }
  });
}

test('hostile catalogue: the module still signs correctly after every case', () => {
  assert.ok(catalogue.cases.length >= 70, `${catalogue.cases.length} cases`);
  assert.equal(ncp.sign(REF.method, REF.path, REF.timestamp, REF.accessKey, REF.secretKey), REF.signature);
});

after(() => {
  if (mismatches.length) {
    console.error(`\n${mismatches.length} of ${catalogue.cases.length} hostile cases failed:\n  ${mismatches.join('\n  ')}`);
  }
});

// In Korean: the same outcome (codes, fields, error class) as in English, every message of the
// core in Korean (Hangul, no template part left).
const HANGUL = /[\uac00-\ud7a3]/;
const UNRENDERED = /(?<!\\u)\{[a-z_]+\}|\[\[|\]\]/;
const korean = (message) => HANGUL.test(message) && !UNRENDERED.test(message);

function run(call) {
  try {
    const result = call();
    return { code: null, findings: result?.findings ?? [], message: null };
  } catch (e) {
    return { code: e.code, cls: classOf(e), findings: e.findings ?? [], message: e.message };
  }
}

for (const c of catalogue.cases.filter((c) => ['validate', 'prepare', 'inspect_csr'].includes(c.call))) {
  test(`hostile ${c.id} in Korean`, () => {
    let en;
    try {
      en = run(prepareCall(c));
    } catch {
      return; // a case whose arguments JavaScript cannot build
    }
    if (en.cls === 'argument' && en.code !== 'argument.invalid' && !en.findings.length) return;
    const ko = run(prepareCall(c, 'ko'));
    assert.equal(ko.code, en.code, c.id);
    assert.equal(ko.cls, en.cls, c.id);
    assert.deepEqual(ko.findings.map((f) => [f.code, f.field, f.severity]), en.findings.map((f) => [f.code, f.field, f.severity]), c.id);
    for (const f of ko.findings) assert.ok(korean(f.message), `${c.id}: ${f.code}: ${f.message}`);
    // Errors the core threw are in Korean; a type error of the JavaScript layer is its own.
    if (ko.message !== null && ko.cls !== 'argument') assert.ok(korean(ko.message), `${c.id}: ${ko.message}`);
  });
}
