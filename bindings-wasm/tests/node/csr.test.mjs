// 6. CSR corpora (tests/data/own, tests/data/pyca-csr): inspectCsr gives exactly each
// manifest's code set and verdict, from bytes and, for PEM files, from text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ncp from 'ncpcert';
import { DATA_DIR, readJson, assertFindingShape, assertNcpError } from './helpers.mjs';

const CORPORA = ['own', 'pyca-csr'];

/** Independent reading of a single-block PEM file: the DER bytes, or null. */
function derOfPem(text) {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length !== 1 || !/^(NEW )?CERTIFICATE REQUEST$/.test(blocks[0][1])) return null;
  return Buffer.from(blocks[0][2].replace(/\s+/g, ''), 'base64');
}

function canonicalPemOf(der) {
  const b64 = der.toString('base64');
  const lines = b64.match(/.{1,64}/g);
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** Runs inspectCsr; returns {codes, severities, report} (a thrown NcpCsrError is one error). */
function inspect(input, where) {
  let report;
  try {
    report = ncp.inspectCsr(input);
  } catch (e) {
    assertNcpError(e, ncp.NcpError, ncp.NcpCsrError, `${where}: thrown`);
    return { codes: [e.code], severities: ['error'], report: null, error: e };
  }
  assert.ok(Array.isArray(report.findings), `${where}: findings is an array`);
  report.findings.forEach((f, i) => assertFindingShape(f, `${where}: findings[${i}]`));
  return {
    codes: [...new Set(report.findings.map((f) => f.code))].sort(),
    severities: report.findings.map((f) => f.severity),
    report,
  };
}

function verdictOf(severities) {
  if (severities.includes('error')) return 'reject';
  if (severities.length > 0) return 'warning';
  return 'accept';
}

function checkEntry(entry, input, raw, where) {
  const got = inspect(input, where);
  assert.deepEqual(got.codes, [...new Set(entry.expect.codes)].sort(), `${where}: codes`);
  assert.equal(verdictOf(got.severities), entry.expect.verdict, `${where}: verdict`);
  const r = got.report;
  if (!r) return;

  // signatureValid agrees with OpenSSL where both give an answer.
  assert.ok(r.signatureValid === null || typeof r.signatureValid === 'boolean', `${where}: signatureValid type`);
  if (entry.expect.codes.includes('csr.signature_invalid')) {
    assert.equal(r.signatureValid, false, `${where}: signatureValid with csr.signature_invalid`);
  } else if (typeof entry.signature_valid === 'boolean' && typeof r.signatureValid === 'boolean') {
    assert.equal(r.signatureValid, entry.signature_valid, `${where}: signatureValid vs openssl`);
  }

  // Canonical PEM and fingerprint, computed independently from the file's own bytes.
  const der = entry.file.endsWith('.der') ? raw : derOfPem(raw.toString('latin1'));
  if (der && !entry.expect.codes.includes('csr.malformed')) {
    assert.equal(r.canonicalPem, canonicalPemOf(der), `${where}: canonicalPem`);
    assert.equal(
      r.fingerprintSha256.replace(/:/g, '').toLowerCase(),
      createHash('sha256').update(der).digest('hex'),
      `${where}: fingerprintSha256`,
    );
  }
  assert.ok(Array.isArray(r.san), `${where}: san is an array`);
  assert.equal(typeof r.hasSanExtension, 'boolean', `${where}: hasSanExtension`);
  assert.equal(typeof r.signatureAlgorithm, 'string', `${where}: signatureAlgorithm`);
  assert.ok(Array.isArray(r.subject?.commonNames), `${where}: subject.commonNames`);
  assert.equal(typeof r.key?.algorithm, 'string', `${where}: key.algorithm`);
}

for (const corpus of CORPORA) {
  const manifest = readJson(join(DATA_DIR, corpus, 'manifest.json'));
  test(`${corpus}/manifest.json lists files`, () => {
    assert.ok(Array.isArray(manifest.files) && manifest.files.length >= 20);
  });
  for (const entry of manifest.files) {
    const file = join(DATA_DIR, corpus, entry.file);
    test(`csr ${corpus}/${entry.file}: ${entry.expect.verdict} [${entry.expect.codes.join(', ')}]`, () => {
      const raw = readFileSync(file);
      checkEntry(entry, new Uint8Array(raw), raw, 'Uint8Array');
      checkEntry(entry, raw, raw, 'Buffer');
      if (entry.file.endsWith('.pem')) checkEntry(entry, raw.toString('utf8'), raw, 'string');
    });
  }
}

test('inspectCsr reads the sample CSR (subject, SANs, key)', () => {
  const r = ncp.inspectCsr(readFileSync(join(DATA_DIR, 'sample.csr.pem'), 'utf8'));
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.subject.commonNames, ['www.example.com']);
  assert.equal(r.subject.country, 'KR');
  assert.deepEqual(r.san.map((s) => [s.kind, s.value]), [['dns', 'www.example.com'], ['dns', 'example.com']]);
  assert.equal(r.hasSanExtension, true);
  assert.equal(r.key.bits, 2048);
  assert.equal(r.signatureValid, true);
});

test('inspectCsr never copies a private key anywhere', () => {
  const text = readFileSync(join(DATA_DIR, 'own', 'bundle-with-key.pem'), 'utf8');
  const keyBody = text.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/)[1].replace(/\s+/g, '');
  let out;
  try {
    out = JSON.stringify(ncp.inspectCsr(text));
  } catch (e) {
    out = `${e.message}\n${e.stack}\n${JSON.stringify(e)}`;
  }
  for (let i = 0; i + 16 <= keyBody.length; i += 16) {
    assert.ok(!out.includes(keyBody.slice(i, i + 16)), 'private key material in the output');
  }
});
