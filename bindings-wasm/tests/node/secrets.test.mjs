// 8. Secrets: a distinctive secret key never shows in console.log, util.inspect, JSON.stringify,
// String() or a template string of a Signer, of the errors made with it, or of signed output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import { execFileSync } from 'node:child_process';
import * as ncp from 'ncpcert';
import { TESTS_DIR, sampleRequest, show } from './helpers.mjs';

// Printable ASCII, no whitespace, nothing JSON or inspect would escape, no repeated 8-grams.
const SECRET = 'Zq7Kx9WmLp2VrTn5HsQ3JdYb8GfCu4Ne-Pa6Mo1Xi!Sw@Ev';
const AK = 'PUBLICACCESSKEY0001';
const TS = 1700000000000;

function leaks(text) {
  const hits = [];
  for (let i = 0; i + 8 <= SECRET.length; i++) {
    const piece = SECRET.slice(i, i + 8);
    if (text.includes(piece)) hits.push(piece);
  }
  return hits;
}

function assertNoLeak(text, where) {
  const hits = leaks(text);
  assert.deepEqual(hits, [], `${where} shows part of the secret: ${JSON.stringify(hits)}`);
}

/** Every textual form of a value a user might print or log. */
function renderings(x) {
  const out = {};
  const tryIt = (name, fn) => {
    try {
      const v = fn();
      out[name] = v === undefined ? '' : String(v);
    } catch (e) {
      out[name] = `(threw) ${e?.message ?? ''}`;
    }
  };
  tryIt('util.inspect', () => inspect(x));
  tryIt('util.inspect(showHidden, depth ∞, getters)', () =>
    inspect(x, { showHidden: true, depth: Infinity, getters: true, showProxy: true }));
  tryIt('util.format(%o)', () => format('%o', x));
  tryIt('util.format(%O)', () => format('%O', x));
  tryIt('util.format(%s)', () => format('%s', x));
  tryIt('util.format(%j)', () => format('%j', x));
  tryIt('JSON.stringify', () => JSON.stringify(x));
  tryIt('JSON.stringify(own property names)', () => JSON.stringify(x, x && typeof x === 'object' ? Object.getOwnPropertyNames(x) : undefined));
  tryIt('String()', () => String(x));
  tryIt('template string', () => `${x}`);
  tryIt('toString()', () => x.toString());
  tryIt('toLocaleString()', () => x.toLocaleString());
  tryIt('stack', () => x.stack);
  tryIt('message', () => x.message);
  tryIt('own property values', () => {
    if (x === null || typeof x !== 'object') return '';
    return Object.getOwnPropertyNames(x).map((k) => {
      try {
        return `${k}=${inspect(x[k], { showHidden: true, depth: Infinity })}`;
      } catch {
        return k;
      }
    }).join('\n');
  });
  return out;
}

function checkAll(x, where) {
  for (const [how, text] of Object.entries(renderings(x))) assertNoLeak(text, `${where} via ${how}`);
}

function caught(fn, where) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail(`${where}: expected a throw`);
}

/** Objects made with the secret at hand, by name (made lazily, inside each test). */
let shared;
function signer() {
  shared ??= new ncp.Signer({ accessKey: AK, secretKey: SECRET });
  return shared;
}
const SUBJECTS = {
  'Signer': () => signer(),
  'Signer.headers()': () => signer().headers('POST', '/api/v2/x', TS),
  'Signer.signRequest()': () => signer().signRequest(ncp.prepare(sampleRequest()), TS),
  'Signer.wrapFetch()': () => signer().wrapFetch(async () => new Response('')),
  'sign() error: bad path': () => caught(() => ncp.sign('GET', 'bad path', TS, AK, SECRET), 'bad path'),
  'sign() error: bad timestamp': () => caught(() => ncp.sign('GET', '/x', 1_700_000_000, AK, SECRET), 'bad ts'),
  'sign() error: NaN timestamp': () => caught(() => ncp.sign('GET', '/x', NaN, AK, SECRET), 'NaN ts'),
  'sign() error: bad method': () => caught(() => ncp.sign('G T', '/x', TS, AK, SECRET), 'bad method'),
  'sign() error: secret with a space': () => caught(() => ncp.sign('GET', '/x', TS, AK, `${SECRET} `), 'space'),
  'sign() error: secret with a newline': () => caught(() => ncp.sign('GET', '/x', TS, AK, `${SECRET}\n`), 'newline'),
  'sign() error: secret with non-ASCII': () => caught(() => ncp.sign('GET', '/x', TS, AK, `${SECRET}\u00e9`), 'non-ascii'),
  'sign() error: secret with a lone surrogate': () => caught(() => ncp.sign('GET', '/x', TS, AK, `${SECRET}\uD800`), 'surrogate'),
  'sign() error: bad access key': () => caught(() => ncp.sign('GET', '/x', TS, 'A K', SECRET), 'bad ak'),
  'new Signer() error: bad access key': () => caught(() => new ncp.Signer({ accessKey: '', secretKey: SECRET }), 'ctor ak'),
  'new Signer() error: bad secret key': () => caught(() => new ncp.Signer({ accessKey: AK, secretKey: `${SECRET}\t` }), 'ctor sk'),
  'new Signer() error: bad clock': () => caught(() => new ncp.Signer({ accessKey: AK, secretKey: SECRET, now: () => NaN }).headers('GET', '/x'), 'ctor clock'),
  'Signer.headers() error: bad path': () => caught(() => signer().headers('GET', '/a b', TS), 'headers path'),
  'Signer.headers() error: bad timestamp': () => caught(() => signer().headers('GET', '/x', -1), 'headers ts'),
  'Signer.signRequest() error': () => caught(() => signer().signRequest({}, TS), 'signRequest'),
};

test('the secret is distinctive (guards the test itself)', () => {
  assert.equal(new Set(Array.from({ length: SECRET.length - 7 }, (_, i) => SECRET.slice(i, i + 8))).size, SECRET.length - 7);
  assert.ok(/^[\x21-\x7e]+$/.test(SECRET));
  assert.deepEqual(leaks(`x${SECRET.slice(3, 11)}y`), [SECRET.slice(3, 11)]);
});

for (const [name, make] of Object.entries(SUBJECTS)) {
  test(`no secret in ${name}`, () => {
    const value = make();
    assert.ok(value !== undefined && value !== null, name);
    if (name.includes('error')) {
      assert.ok(value instanceof ncp.NcpError, `${name}: is an NcpError (${show(value).replaceAll(SECRET, '<SECRET>')})`);
    }
    checkAll(value, name);
  });
}

test('no secret in Signer properties, prototype getters or Object.entries', () => {
  const signer = new ncp.Signer({ accessKey: AK, secretKey: SECRET });
  assert.equal(signer.accessKey, AK);
  const texts = [];
  for (let o = signer; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Reflect.ownKeys(o)) {
      let v;
      try {
        v = signer[k];
      } catch {
        continue;
      }
      if (typeof v !== 'function') texts.push(`${String(k)}=${inspect(v, { showHidden: true, depth: Infinity })}`);
    }
  }
  texts.push(JSON.stringify(Object.entries(signer)));
  texts.push(JSON.stringify({ ...signer }));
  assertNoLeak(texts.join('\n'), 'Signer properties');
});

test('no secret in console.log / console.error / console.dir output (child process)', () => {
  const script = `
    import * as ncp from 'ncpcert';
    const SECRET = ${JSON.stringify(SECRET)};
    const AK = ${JSON.stringify(AK)};
    const TS = ${TS};
    const signer = new ncp.Signer({ accessKey: AK, secretKey: SECRET });
    const items = [signer, signer.headers('GET', '/x', TS)];
    for (const f of [
      () => ncp.sign('GET', 'bad path', TS, AK, SECRET),
      () => ncp.sign('GET', '/x', 1700000000, AK, SECRET),
      () => ncp.sign('GET', '/x', TS, AK, SECRET + ' '),
      () => ncp.sign('GET', '/x', TS, AK, SECRET + '\\u00e9'),
      () => new ncp.Signer({ accessKey: '', secretKey: SECRET }),
      () => signer.headers('GET', 'x', TS),
      () => signer.headers('GET', '/x', NaN),
    ]) {
      try { f(); items.push('no throw'); } catch (e) { items.push(e); }
    }
    for (const x of items) {
      console.log(x);
      console.log('%o', x);
      console.log('%s %j', x, x);
      console.error(x);
      console.dir(x, { showHidden: true, depth: null });
      console.log(String(x), \`\${x}\`);
    }
    console.log(items);
    console.table([signer]);
    // An uncaught error is printed by Node itself: include one.
    ncp.sign('GET', '/x', TS, 'A K', SECRET);
  `;
  let stdout = '';
  let stderr = '';
  try {
    stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: TESTS_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (e) {
    // The last line throws on purpose: the process exits non-zero.
    stdout = e.stdout ?? '';
    stderr = e.stderr ?? '';
  }
  assert.ok(stdout.length > 0, 'the child printed something');
  assert.match(stderr, /Ncp\w*Error/, 'the uncaught error was printed');
  assert.doesNotMatch(stdout, /no throw/, 'every bad call threw');
  assertNoLeak(stdout, 'stdout');
  assertNoLeak(stderr, 'stderr');
});
