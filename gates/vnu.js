'use strict';
// gates/vnu.js SITE: the Nu HTML Checker (vnu-jar) on every .html page of the
// site (alias redirect pages excepted) and, in CSS mode, on every .css file
// of the site (the stylesheets of static/ plus the generated css/syntax.css).
// Zero errors required (--errors-only: warnings are not counted).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { siteArg, walk, htmlPages, fmtMs } = require('./lib');

const t0 = Date.now();
const site = siteArg('vnu.js');
const jar = String(require('vnu-jar')); // path of vnu.jar
const java = process.env.JAVA || 'java';

const pages = htmlPages(site);
const aliases = pages.filter((p) => p.alias);
const html = pages.filter((p) => !p.alias).map((p) => p.file);
const css = walk(site).filter((f) => f.toLowerCase().endsWith('.css'));

function vnu(mode, files) {
  if (files.length === 0) return { errors: [], ok: true };
  const args = ['-Xss8m', '-jar', jar, '--errors-only', '--format', 'gnu', '--exit-zero-always'];
  if (mode === 'css') args.push('--css');
  else args.push('--html');
  args.push(...files.map((f) => path.join(site, f)));
  const r = spawnSync(java, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) {
    console.error(`vnu: could not run ${java}: ${r.error.message}`);
    process.exit(2);
  }
  const out = (r.stderr || '') + (r.stdout || '');
  const errors = [];
  const other = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    // "file:/abs/path.html":12.3-12.9: error: message
    const m = /^"?(?:file:)?(\/[^"]*?)"?:(\d+)?(?:\.(\d+))?(?:-(\d+)\.(\d+))?:\s*(error|fatal|info|warning)[^:]*:\s*(.*)$/.exec(line);
    if (m) {
      const rel = path.relative(site, decodeURIComponent(m[1]));
      errors.push({ file: rel, line: m[2] || '?', col: m[3] || '?', kind: m[6], msg: m[7] });
    } else other.push(line);
  }
  // With --exit-zero-always a non-zero status means vnu itself failed.
  if (r.status !== 0 || other.length) {
    return { errors, ok: false, other: other.concat(r.status !== 0 ? [`vnu exited with status ${r.status}`] : []) };
  }
  return { errors, ok: true };
}

let failed = false;
const results = [['HTML', html, vnu('html', html)], ['CSS', css, vnu('css', css)]];
for (const [label, files, r] of results) {
  const bad = r.errors.filter((e) => e.kind !== 'info' && e.kind !== 'warning');
  const byFile = new Map();
  for (const e of bad) (byFile.get(e.file) || byFile.set(e.file, []).get(e.file)).push(e);
  console.log(`vnu ${label}: ${files.length} files, ${bad.length} errors in ${byFile.size} files`);
  for (const [f, es] of byFile) {
    console.log(`  ${f}`);
    for (const e of es) console.log(`    ${e.line}:${e.col} ${e.kind}: ${e.msg}`);
  }
  if (!r.ok) {
    console.log(`  vnu did not run cleanly:\n    ${r.other.join('\n    ')}`);
    failed = true;
  }
  if (bad.length) failed = true;
}
if (aliases.length) console.log(`vnu: skipped ${aliases.length} alias redirect pages: ${aliases.map((p) => p.file).join(' ')}`);
if (html.length === 0) {
  console.log('vnu: the site has no HTML page');
  failed = true;
}
console.log(`vnu: ${failed ? 'FAIL' : 'OK'} in ${fmtMs(Date.now() - t0)}`);
process.exit(failed ? 1 : 0);
