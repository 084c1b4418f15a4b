'use strict';
// A tiny static file server for a built site, for the browser gates.
//
//   node gates/serve.js SITE_FOLDER [PORT]   serves until killed, prints the URL
//   const { serve } = require('./serve'); const s = await serve(dir); s.url; await s.close();
//
// It listens on 127.0.0.1 (a random free port unless one is given), answers
// GET and HEAD, serves a folder's index.html (redirecting /dir to /dir/),
// answers a missing file with the language's 404.html (or the root one) and
// status 404, and gzips text when the client accepts it, as any production
// host does (so Lighthouse measures the site, not this server).
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};
const COMPRESSIBLE = /^(text\/|application\/(json|ld\+json|xml|manifest\+json)|image\/svg\+xml)/;

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// resolve maps a URL path to a file under root: {file, redirect} or null.
function resolve(root, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const abs = path.join(root, path.normalize(p));
  if (abs !== root && !abs.startsWith(root + path.sep)) return null;
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return null;
  }
  if (st.isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
    const idx = path.join(abs, 'index.html');
    return fs.existsSync(idx) ? { file: idx } : null;
  }
  if (urlPath.endsWith('/')) return null; // /file.html/ is not a folder
  return st.isFile() ? { file: abs } : null;
}

function handler(root) {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    const u = new URL(req.url, 'http://127.0.0.1');
    const r = resolve(root, u.pathname);
    if (r && r.redirect) {
      res.writeHead(301, { Location: r.redirect + u.search, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('moved\n');
      return;
    }
    let status = 200;
    let file = r && r.file;
    if (!file) {
      status = 404;
      // The language's own 404 page (/ru/404.html) first, then the root one.
      const lang = u.pathname.split('/')[1] || '';
      const cands = [path.join(root, '404.html')];
      if (/^[A-Za-z0-9_-]+$/.test(lang)) cands.unshift(path.join(root, lang, '404.html'));
      file = cands.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    let body = fs.readFileSync(file);
    const type = contentType(file);
    const headers = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (COMPRESSIBLE.test(type)) {
      headers.Vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && body.length > 256) {
        body = zlib.gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

// serve starts the server; resolves to {url, port, close()}.
function serve(dir, port = 0) {
  const root = fs.realpathSync(path.resolve(dir));
  const server = http.createServer(handler(root));
  server.keepAliveTimeout = 1000;
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = server.address().port;
      resolvePromise({
        url: `http://127.0.0.1:${p}`,
        port: p,
        server,
        close: () => new Promise((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        }),
      });
    });
  });
}

module.exports = { serve, contentType, TYPES };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node gates/serve.js SITE_FOLDER [PORT]');
    process.exit(2);
  }
  serve(dir, Number(process.argv[3] || 0)).then((s) => {
    console.log(`serving ${path.resolve(dir)} at ${s.url}/`);
  }, (err) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
}
