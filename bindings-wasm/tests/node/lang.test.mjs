// Messages in Korean ({ lang: "ko" }): validate, prepare, inspectCsr and placeOrder give the
// same codes, fields and error classes as in English, and every message the core writes is in
// Korean (Hangul, no template part left unrendered). The hostile catalogue's Korean run is in
// hostile.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ncp from 'ncpcert';
import { DATA_DIR, sampleRequest } from './helpers.mjs';

const HANGUL = /[\uac00-\ud7a3]/;
const UNRENDERED = /(?<!\\u)\{[a-z_]+\}|\[\[|\]\]/;
const korean = (message) => typeof message === 'string' && HANGUL.test(message) && !UNRENDERED.test(message);
const shape = (findings) => findings.map((f) => [f.code, f.field, f.severity]);

function manyFindings() {
  return {
    certificateType: 'XV',
    certificateName: '1 bad name',
    commonName: '한국.kr',
    dnsName: ['a_b.example.com', '-x.example.com', '10.0.0.1', 'printer.local', '*.co.kr', 'co.kr',
      'a..b.com', 'x.arpa', 'xn--zz.example.com', '*.github.io', 'www.example.com.',
      'https://example.com/x', 'www.example.com', 'www.example.com', 7],
    validationMethod: 'E',
    organizationNo: -3,
    csr: readFileSync(join(DATA_DIR, 'sample.csr.pem'), 'utf8'),
    dns_name: [],
    extra: { csr: 'x' },
  };
}

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return assert.fail('expected an error');
}

test('a request with many findings: the same codes, every message Korean', () => {
  const en = ncp.validate(manyFindings());
  const ko = ncp.validate(manyFindings(), { lang: 'ko' });
  assert.ok(en.findings.length >= 15, `${en.findings.length} findings`);
  assert.deepEqual(shape(ko.findings), shape(en.findings));
  assert.equal(ko.ok, en.ok);
  for (const f of ko.findings) assert.ok(korean(f.message), `${f.code}: ${f.message}`);
  for (const f of en.findings) assert.ok(!HANGUL.test(f.message) || f.message.includes('한국'), f.message);
  // English is the default, and what "en" asks for.
  assert.deepEqual(ncp.validate(manyFindings(), { lang: 'en' }), en);

  // prepare throws the same error, its message and findings in Korean.
  const enError = thrown(() => ncp.prepare(manyFindings()));
  const koError = thrown(() => ncp.prepare(manyFindings(), { lang: 'ko' }));
  assert.ok(koError instanceof ncp.NcpValidationError);
  assert.equal(koError.code, enError.code);
  assert.deepEqual(shape(koError.findings), shape(enError.findings));
  assert.ok(korean(koError.message), koError.message);
  for (const f of koError.findings) assert.ok(korean(f.message), `${f.code}: ${f.message}`);
  // A site the core refuses, in Korean too.
  const site = thrown(() => ncp.prepare(sampleRequest(), { site: 'mars', lang: 'ko' }));
  assert.equal(site.code, 'site.invalid');
  assert.ok(korean(site.message), site.message);
});

test('a language other than en and ko is refused with the core\'s code', () => {
  for (const lang of ['fr', '', 'kor']) {
    const e = thrown(() => ncp.validate(sampleRequest(), { lang }));
    assert.ok(e instanceof ncp.NcpError);
    assert.equal(e.code, 'argument.invalid');
  }
});

const CSR_FILES = ['own', 'pyca-csr', 'hostile'].flatMap((dir) =>
  readdirSync(join(DATA_DIR, dir))
    .filter((name) => !name.endsWith('.json') && !name.endsWith('.md'))
    .map((name) => join(DATA_DIR, dir, name))
    .filter((path) => statSync(path).isFile()));

test('the CSR corpora inspect in Korean with the same codes', () => {
  assert.ok(CSR_FILES.length >= 30, `${CSR_FILES.length} files`);
  let refused = 0;
  for (const path of CSR_FILES) {
    const data = new Uint8Array(readFileSync(path));
    let en;
    try {
      en = ncp.inspectCsr(data);
    } catch (e) {
      const ko = thrown(() => ncp.inspectCsr(data, { lang: 'ko' }));
      assert.equal(ko.constructor, e.constructor, path);
      assert.equal(ko.code, e.code, path);
      assert.ok(korean(ko.message), `${path}: ${ko.message}`);
      refused += 1;
      continue;
    }
    const ko = ncp.inspectCsr(data, { lang: 'ko' });
    assert.deepEqual(shape(ko.findings), shape(en.findings), path);
    for (const f of ko.findings) assert.ok(korean(f.message), `${path}: ${f.code}: ${f.message}`);
  }
  assert.ok(refused > 0);
});

test('placeOrder: the order error in Korean, with the same code and type', async () => {
  const signer = new ncp.Signer({ accessKey: 'AKIDEXAMPLE', secretKey: 'secret-example' });
  // NCP refuses the order (a Certificate Manager error): nothing was bought.
  const refusing = async () => new Response(
    JSON.stringify({ returnCode: '24000', returnMessage: 'Invalid certificate type.' }),
    { status: 400, headers: { 'content-type': 'application/json' } },
  );
  const outcome = async (lang) => {
    try {
      await ncp.placeOrder(sampleRequest({ certificateName: 'refused' }), { signer, fetch: refusing, backoffMs: 1, lang });
    } catch (e) {
      return e;
    }
    return assert.fail('placeOrder resolved');
  };
  const en = await outcome(undefined);
  const ko = await outcome('ko');
  assert.ok(en instanceof ncp.NcpOrderError, String(en));
  assert.ok(ko instanceof ncp.NcpOrderError, String(ko));
  assert.equal(ko.code, en.code);
  assert.ok(korean(ko.message), ko.message);
  assert.ok(!HANGUL.test(en.message), en.message);
  // A request validation refuses never reaches the order module: refused in Korean.
  const invalid = await ncp.placeOrder(manyFindings(), { signer, fetch: refusing, lang: 'ko' }).catch((e) => e);
  assert.ok(invalid instanceof ncp.NcpValidationError);
  assert.ok(korean(invalid.message), invalid.message);
});
