// SPEC D1/D5 against Python's idna package (tests/vectors/idna.json, written by
// scripts/generate-idna-vectors.py): for every name given as commonName, the domain.unicode
// finding suggests exactly what idna.encode(name, uts46=True, transitional=False) gives —
// nothing where idna refuses it, no such finding for an ASCII name — and domain.punycode is
// reported exactly for the names with an xn-- label idna refuses. The Rust and Python suites
// run the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ncp from 'ncpcert';
import { vectors, DATA_DIR } from './helpers.mjs';

const doc = vectors('idna.json');
const csr = readFileSync(join(DATA_DIR, 'sample.csr.pem'), 'utf8');

/** The name a domain.unicode message suggests (`… use its A-label `NAME`.`). */
function suggestion(message) {
  const m = /use its A-label `([^`]*)`\.$/.exec(message);
  return m ? m[1] : null;
}

test('idna.json: at least 300 names, from the generator script', () => {
  assert.ok(doc.vectors.length >= 300, `only ${doc.vectors.length} names`);
  assert.match(doc.description, /scripts\/generate-idna-vectors\.py/);
});

test('every name: domain.unicode and domain.punycode as Python idna reads it', () => {
  const failures = [];
  for (const v of doc.vectors) {
    const report = ncp.validate({
      csr,
      certificateType: 'DV',
      certificateName: 'idna-test',
      commonName: v.name,
      validationMethod: 'D',
    });
    const mine = report.findings.filter((f) => f.field === 'commonName');
    const unicode = mine.find((f) => f.code === 'domain.unicode');
    const punycode = mine.some((f) => f.code === 'domain.punycode');
    const ascii = /^[\x00-\x7f]*$/.test(v.name);
    if (ascii && unicode) failures.push(`${JSON.stringify(v.name)}: ASCII, but ${unicode.message}`);
    if (!ascii && !unicode) failures.push(`${JSON.stringify(v.name)}: no domain.unicode finding`);
    if (!ascii && unicode && suggestion(unicode.message) !== v.ascii) {
      failures.push(`${JSON.stringify(v.name)}: want ${v.ascii}, got ${suggestion(unicode.message)} (${unicode.message})`);
    }
    if (punycode !== v.bad_a_labels.length > 0) {
      failures.push(`${JSON.stringify(v.name)}: domain.punycode ${punycode}, bad A-labels ${v.bad_a_labels}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${doc.vectors.length} names differ from Python idna`);
});

test('the cases SPEC D1/D5 names', () => {
  const find = (name, code) =>
    ncp.validate({ csr, certificateType: 'DV', certificateName: 'idna-test', commonName: name, validationMethod: 'D' })
      .findings.find((f) => f.field === 'commonName' && f.code === code);
  assert.equal(suggestion(find('ｅｘａｍｐｌｅ．ｃｏｍ', 'domain.unicode').message), 'example.com');
  assert.equal(suggestion(find('a\u0301.com', 'domain.unicode').message), 'xn--1ca.com');
  assert.equal(suggestion(find('네이버.com', 'domain.unicode').message), 'xn--950bt9s8xi.com');
  assert.equal(suggestion(find('☃.com', 'domain.unicode').message), null);
  assert.match(find('xn--n3h.com', 'domain.punycode').message, /U\+2603/);
});
