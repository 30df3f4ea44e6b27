// A tiny static file server for the browser tests: serves the repository root on
// 127.0.0.1 with a port chosen by the OS. No dependencies.
//
//   import { start } from './server.mjs';
//   const { url, close } = await start();   // url = 'http://127.0.0.1:PORT'
//
// Run directly (`node server.mjs [port]`) to serve the repository for a manual look at
// /examples/browser/.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..', '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pem': 'text/plain; charset=utf-8',
  '.csr': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Maps a request URL to a file under `root`, or null when it would leave the root. */
export function resolvePath(root, rawUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * Forwards the request as received (method, request-target, headers, body) to `target` and
 * its answer back; when `target` answers nothing (a dropped connection), drops the browser's
 * connection too, so that the page sees what it would see from the real server.
 */
function forward(req, res, target) {
  const { host, connection, ...headers } = req.headers;
  const upstream = http.request(new URL(req.url, target), { method: req.method, headers }, (answer) => {
    const { connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...kept } = answer.headers;
    res.writeHead(answer.statusCode, kept);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

function handler(root, proxy, closeConnections) {
  return (req, res) => {
    if (closeConnections) {
      // One request per connection, except after /keepalive: a page can choose whether its
      // next request goes over a fresh connection or a reused one.
      if (req.url === '/keepalive') {
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        return res.end();
      }
      res.setHeader('Connection', 'close');
    }
    if (proxy && req.url.startsWith(`${proxy.prefix}/`)) return forward(req, res, proxy.target);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed\n');
    }
    let file = resolvePath(root, req.url);
    if (file === null) return send(res, 403, 'forbidden\n');
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!new URL(req.url, 'http://localhost').pathname.endsWith('/')) {
          const u = new URL(req.url, 'http://localhost');
          res.writeHead(301, { Location: u.pathname + '/' + u.search });
          return res.end();
        }
        file = path.join(file, 'index.html');
      }
      // Refuse a symlink that points outside the root.
      fs.realpath(file, (rerr, real) => {
        if (rerr) return send(res, 404, 'not found\n');
        if (real !== root && !real.startsWith(root + path.sep)) return send(res, 403, 'forbidden\n');
        fs.stat(real, (serr, rst) => {
          if (serr || !rst.isFile()) return send(res, 404, 'not found\n');
          const type = TYPES[path.extname(real).toLowerCase()] || 'application/octet-stream';
          res.writeHead(200, {
            'Content-Type': type,
            'Content-Length': rst.size,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
          });
          if (req.method === 'HEAD') return res.end();
          fs.createReadStream(real).on('error', () => res.destroy()).pipe(res);
        });
      });
    });
  };
}

/**
 * Starts the server on 127.0.0.1 (port 0 = chosen by the OS). With `proxy: {prefix, target}`,
 * requests under `prefix` go to `target` (the mock NCP): same origin for the page, so that its
 * fetch needs no CORS. With `closeConnections`, every answer but /keepalive's closes its
 * connection.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export function start({ root = ROOT, port = 0, host = '127.0.0.1', proxy = null, closeConnections = false } = {}) {
  const realRoot = fs.realpathSync(root);
  const server = http.createServer(handler(realRoot, proxy, closeConnections));
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await start({ port: Number(process.argv[2] || 0) });
  console.log(`serving ${ROOT} at ${url}/  (open ${url}/examples/browser/)`);
}
