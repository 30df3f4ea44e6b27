// Signer.fromEnv finds the keys as the `ncpcert` command and the Python package do, against the
// same fixtures (tests/data/credentials/cases.json, read by the CLI's and the Python suite's
// tests too); no secret key shows in any output, error or inspection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createRequire } from 'node:module';
import * as ncp from 'ncpcert';
import { DATA_DIR, readJson } from './helpers.mjs';

const FIXTURES = join(DATA_DIR, 'credentials');
const DOC = readJson(join(FIXTURES, 'cases.json'));
const { request: REQUEST, secrets: SECRETS } = DOC;

function assertNoSecret(text, where) {
  for (const secret of SECRETS) {
    assert.ok(!text.includes(secret), `${where} shows a secret key: ${text}`);
  }
}

/** Runs `fn` with HOME at a fresh folder holding `fixture` as .ncloud/configure, and `env`. */
function withHome(fixture, env, fn) {
  const home = mkdtempSync(join(tmpdir(), 'ncpcert-fromenv-'));
  const saved = { HOME: process.env.HOME, NCP_ACCESS_KEY: process.env.NCP_ACCESS_KEY, NCP_SECRET_KEY: process.env.NCP_SECRET_KEY };
  try {
    if (fixture !== null) {
      mkdirSync(join(home, '.ncloud'));
      copyFileSync(join(FIXTURES, fixture), join(home, '.ncloud', 'configure'));
    }
    process.env.HOME = home;
    delete process.env.NCP_ACCESS_KEY;
    delete process.env.NCP_SECRET_KEY;
    Object.assign(process.env, env);
    return fn(home);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(home, { recursive: true, force: true });
  }
}

for (const c of DOC.cases) {
  test(`fromEnv: ${c.name}`, () => {
    withHome(c.home, c.env, () => {
      if (c.signature !== undefined) {
        const signer = ncp.Signer.fromEnv({ now: () => REQUEST.timestampMs });
        assert.equal(signer.accessKey, c.accessKey);
        const headers = signer.headers(REQUEST.method, REQUEST.path);
        assert.equal(headers['x-ncp-apigw-signature-v2'], c.signature);
        for (const text of [inspect(signer), String(signer), JSON.stringify(signer), JSON.stringify(headers)]) {
          assertNoSecret(text, 'a signer from fromEnv');
        }
        signer.free();
      } else {
        let thrown;
        try {
          ncp.Signer.fromEnv();
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof ncp.NcpSigningError, `expected NcpSigningError, got ${thrown}`);
        assert.equal(thrown.code, c.error);
        for (const words of c.messageContains) {
          assert.ok(thrown.message.includes(words), `${JSON.stringify(thrown.message)} lacks ${words}`);
        }
        for (const text of [inspect(thrown), String(thrown), JSON.stringify(thrown), thrown.stack ?? '']) {
          assertNoSecret(text, 'the error');
        }
      }
    });
  });
}

test('fromEnv: configureFile replaces ~/.ncloud/configure; require() has it too', () => {
  withHome(null, {}, (home) => {
    const signer = ncp.Signer.fromEnv({ configureFile: join(FIXTURES, 'profiles.configure'), clockOffsetMs: 5 });
    assert.equal(signer.accessKey, 'FIXTUREAKWORK0000001');
    const required = createRequire(import.meta.url)('ncpcert');
    assert.equal(required.Signer.fromEnv({ configureFile: join(FIXTURES, 'configure') }).accessKey, 'FIXTUREAKFILE0000001');
    assert.throws(() => ncp.Signer.fromEnv({ configureFile: join(home, 'none') }), (e) => e instanceof ncp.NcpSigningError && e.message.includes(join(home, 'none')));
    assert.throws(() => ncp.Signer.fromEnv({ configureFile: 42 }), (e) => e.constructor === ncp.NcpError && e.code === 'argument.invalid');
  });
});
