'use strict';
// Shared helpers for the gates/ scripts (Node built-ins only).
const fs = require('node:fs');
const path = require('node:path');

// siteArg returns the absolute site folder given on the command line, or
// exits with a usage message.
function siteArg(script) {
  const dir = process.argv[2];
  if (!dir) {
    console.error(`usage: node gates/${script} SITE_FOLDER`);
    process.exit(2);
  }
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    console.error(`${script}: ${abs} is not a folder (build the site first)`);
    process.exit(2);
  }
  return abs;
}

// walk lists every regular file under root, as paths relative to root with
// forward slashes, sorted.
function walk(root) {
  const out = [];
  (function rec(rel) {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? rel + '/' + e.name : e.name;
      if (e.isDirectory()) rec(r);
      else if (e.isFile()) out.push(r);
    }
  })('');
  return out.sort();
}

// isAliasPage tells a redirect page written for a front matter alias: an
// instant meta refresh, noindex, and nothing else of substance.
function isAliasPage(html) {
  return /<meta\s+http-equiv="refresh"\s+content="0;\s*url=/i.test(html) &&
    /<meta\s+name="robots"\s+content="noindex"/i.test(html) &&
    html.length < 2048;
}

// htmlPages returns {file, url, alias} for every .html file of the site.
function htmlPages(root) {
  return walk(root).filter((f) => f.endsWith('.html')).map((f) => {
    const html = fs.readFileSync(path.join(root, f), 'utf8');
    let url = '/' + f;
    if (f === 'index.html') url = '/';
    else if (f.endsWith('/index.html')) url = '/' + f.slice(0, -'index.html'.length);
    return { file: f, url, alias: isAliasPage(html) };
  });
}

// languages returns the language prefixes of the site: '' for the root
// language plus every top folder that has its own index.html.
function languages(root) {
  const langs = [''];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || !/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(e.name)) continue;
    const idx = path.join(root, e.name, 'index.html');
    if (!fs.existsSync(idx)) continue;
    // A language's home says so in <html lang>; a section called "faq" does not.
    const m = /<html[^>]*\slang="([^"]+)"/i.exec(fs.readFileSync(idx, 'utf8'));
    if (m && m[1].toLowerCase().split('-')[0] === e.name.toLowerCase().split('-')[0]) langs.push(e.name);
  }
  return langs;
}

function fmtMs(ms) {
  return (ms / 1000).toFixed(1) + ' s';
}

module.exports = { siteArg, walk, isAliasPage, htmlPages, languages, fmtMs };
