'use strict';
// gates/axe.js SITE: accessibility, third-party requests and page weight, in Chromium.
//
// Serves SITE with gates/serve.js and visits every .html page (alias redirect
// pages excepted) in Chromium (playwright-core, /usr/bin/chromium or
// $CHROMIUM) at 1280 px and at 360 px wide, each in prefers-color-scheme
// light and dark. On each visit it injects axe-core and runs the rules tagged
// wcag2a wcag2aa wcag21a wcag21aa best-practice. It fails on:
//   - any axe violation (printed with rule id, impact, help, target, summary);
//   - any request to a host other than 127.0.0.1 (the site must be self-contained);
//   - a page that does not load with status 200, a local resource that answers
//     with status >= 400 or fails to load, or an uncaught script error;
//   - a page whose HTML plus the stylesheets it links weigh 50,000 bytes or
//     more (uncompressed, as built; each stylesheet counted once per page).
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { serve } = require('./serve');
const { siteArg, htmlPages, fmtMs } = require('./lib');

const BUDGET = 50000; // bytes: "under 50 KB"
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 360, height: 740 }];
const SCHEMES = ['light', 'dark'];
const CONCURRENCY = Math.max(1, Number(process.env.AXE_CONCURRENCY || 2));
const MAX_GROUPS = Number(process.env.AXE_MAX_GROUPS || 30); // element groups printed per rule (all are counted)
const AXE_JS = require.resolve('axe-core/axe.min.js');
const AXE_VERSION = require('axe-core/package.json').version;

const t0 = Date.now();
const site = siteArg('axe.js');

function localFile(u) {
  // A URL of the test server -> the site file it serves (folder -> index.html).
  let p = decodeURIComponent(new URL(u).pathname).replace(/^\/+/, '');
  const abs = path.join(site, p);
  if (!abs.startsWith(site)) return null;
  if (p === '' || p.endsWith('/') || (fs.existsSync(abs) && fs.statSync(abs).isDirectory())) p = path.join(p, 'index.html');
  const f = path.join(site, p);
  return fs.existsSync(f) && fs.statSync(f).isFile() ? f : null;
}

async function main() {
  const pages = htmlPages(site);
  const aliases = pages.filter((p) => p.alias);
  const visit = pages.filter((p) => !p.alias);
  const server = await serve(site);
  const origin = server.url;
  const host = new URL(origin).host;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  console.log(`axe: axe-core ${AXE_VERSION}, Chromium ${browser.version()}, ${visit.length} pages x ` +
    `${VIEWPORTS.length} widths x ${SCHEMES.length} colour schemes, tags ${TAGS.join(' ')}, served at ${origin}/`);

  const incomplete = new Map(); // rule id -> Set(page url)
  const external = new Map(); // page url -> Set(request url)
  const problems = new Map(); // message -> Set(page url): load failures, broken resources, script errors
  const problem = (url, msg) => (problems.get(msg) || problems.set(msg, new Set()).get(msg)).add(url);
  const records = []; // one per violating element and visit
  const weights = new Map(); // page url -> {html, css: [[file, bytes]], total}
  let runs = 0;

  for (const vp of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      const combo = `${vp.width}px ${scheme}`;
      const context = await browser.newContext({ viewport: vp, colorScheme: scheme, reducedMotion: 'no-preference' });
      context.setDefaultTimeout(30000);
      const queue = visit.slice();
      const worker = async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme: scheme });
          let axePhase = false; // axe fetches the stylesheets again itself: not the page's own requests
          const broken = new Set();
          page.on('request', (req) => {
            const u = req.url();
            if (!/^https?:|^wss?:|^ftp:/i.test(u)) return; // data:, blob:, about:
            const h = new URL(u).hostname;
            if (h !== '127.0.0.1') {
              if (!external.has(p.url)) external.set(p.url, new Set());
              external.get(p.url).add(`${req.resourceType()} ${u}`);
            }
          });
          page.on('websocket', (ws) => {
            if (!external.has(p.url)) external.set(p.url, new Set());
            external.get(p.url).add(`websocket ${ws.url()}`);
          });
          page.on('response', (res) => {
            const u = new URL(res.url());
            if (!axePhase && u.host === host && res.status() >= 400 && res.url() !== origin + p.url) {
              broken.add(res.url());
              problem(p.url, `${res.request().resourceType()} ${u.pathname} answered ${res.status()}`);
            }
          });
          page.on('requestfailed', (req) => {
            const u = new URL(req.url());
            if (!axePhase && u.host === host && !broken.has(req.url())) {
              const why = localFile(req.url()) ? `failed: ${req.failure() && req.failure().errorText}` : 'is not in the site (404)';
              problem(p.url, `${req.resourceType()} ${u.pathname} ${why}`);
            }
          });
          page.on('pageerror', (err) => problem(p.url, `uncaught script error (${combo}): ${err.message}`));
          try {
            const res = await page.goto(origin + p.url, { waitUntil: 'load' });
            if (!res || res.status() !== 200) {
              problem(p.url, `page answered ${res ? res.status() : 'nothing'}`);
            }
            await page.evaluate(() => document.fonts.ready.then(() => true));
            if (!weights.has(p.url)) {
              const hrefs = await page.evaluate(() => [...document.querySelectorAll('link[rel~="stylesheet" i][href]')].map((l) => l.href));
              const html = fs.statSync(path.join(site, p.file)).size;
              const css = [];
              for (const h of [...new Set(hrefs)]) {
                const f = new URL(h).host === host ? localFile(h) : null;
                css.push([f ? path.relative(site, f) : `${h} (missing: 0 counted)`, f ? fs.statSync(f).size : 0]);
              }
              weights.set(p.url, { html, css, total: html + css.reduce((a, [, n]) => a + n, 0) });
            }
            axePhase = true;
            await page.addScriptTag({ path: AXE_JS });
            const r = await page.evaluate(async (tags) => {
              const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
              const slim = (list) => list.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '), summary: n.failureSummary || '' })),
              }));
              return { violations: slim(res.violations), incomplete: slim(res.incomplete) };
            }, TAGS);
            runs++;
            for (const v of r.violations) {
              for (const n of v.nodes) {
                records.push({ url: p.url, id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                  target: n.target, combo, summary: n.summary.replace(/\s*\n\s*/g, ' ') });
              }
            }
            for (const v of r.incomplete) {
              if (!incomplete.has(v.id)) incomplete.set(v.id, { pages: new Set(), examples: new Map() });
              const inc = incomplete.get(v.id);
              inc.pages.add(p.url);
              for (const n of v.nodes) {
                const msg = n.summary.replace(/\s*\n\s*/g, ' ');
                if (!inc.examples.has(msg)) inc.examples.set(msg, `${p.url} ${n.target}`);
              }
            }
          } catch (err) {
            problem(p.url, `visit failed (${combo}): ${err.message.split('\n')[0]}`);
          } finally {
            await page.close();
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await context.close();
    }
  }
  await browser.close();
  await server.close();

  // ---------------------------------------------------------------- report
  let failed = false;
  // Violations, grouped by rule, then by element and message (a template's
  // fault shows once, with the pages and widths/schemes where it occurs).
  const rules = new Map();
  for (const r of records) {
    if (!rules.has(r.id)) rules.set(r.id, { impact: r.impact, help: r.help, helpUrl: r.helpUrl, groups: new Map(), pages: new Set(), elems: new Set() });
    const rule = rules.get(r.id);
    rule.pages.add(r.url);
    rule.elems.add(r.url + ' ' + r.target);
    const key = r.target + '\0' + r.summary;
    if (!rule.groups.has(key)) rule.groups.set(key, { target: r.target, summary: r.summary, combos: new Set(), pages: new Set() });
    const g = rule.groups.get(key);
    g.combos.add(r.combo);
    g.pages.add(r.url);
  }
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const sortedRules = [...rules].sort((a, b) => (order[a[1].impact] ?? 9) - (order[b[1].impact] ?? 9) || b[1].elems.size - a[1].elems.size);
  const list = (set, n = 8) => [...set].slice(0, n).join(' ') + (set.size > n ? ` ... (+${set.size - n})` : '');
  for (const [id, rule] of sortedRules) {
    console.log(`\n[${rule.impact}] ${id}: ${rule.help} (${rule.elems.size} elements on ${rule.pages.size} pages) <${rule.helpUrl}>`);
    const groups = [...rule.groups.values()].sort((a, b) => b.pages.size - a.pages.size || a.target.localeCompare(b.target));
    groups.slice(0, MAX_GROUPS).forEach((g) => {
      const combos = g.combos.size === VIEWPORTS.length * SCHEMES.length ? 'all widths and schemes' : [...g.combos].join(', ');
      console.log(`  ${g.target}  [${combos}]  on ${g.pages.size} page${g.pages.size > 1 ? 's' : ''}: ${list(g.pages)}`);
      console.log(`      ${g.summary}`);
    });
    if (groups.length > MAX_GROUPS) console.log(`  ... and ${groups.length - MAX_GROUPS} more element/message groups`);
  }
  if (records.length) {
    failed = true;
    console.log(`\naxe: violations of ${rules.size} rules on ${new Set(records.map((r) => r.url)).size} pages: ` +
      sortedRules.map(([id, r]) => `${id} (${r.impact}, ${r.elems.size} elements on ${r.pages.size} pages)`).join('; '));
  }
  if (incomplete.size) {
    console.log('\naxe: needs manual review (axe could not decide; not failing):');
    for (const [id, inc] of incomplete) {
      console.log(`  ${id}: ${inc.pages.size} pages: ${list(inc.pages)}`);
      for (const [msg, where] of [...inc.examples].slice(0, 5)) console.log(`    e.g. ${where}: ${msg}`);
    }
  }
  if (external.size) {
    failed = true;
    console.log('\nrequests to hosts other than 127.0.0.1 (the site must make none):');
    for (const [url, reqs] of external) {
      console.log(`  ${url}`);
      for (const r of reqs) console.log(`    ${r}`);
    }
  }
  if (problems.size) {
    failed = true;
    console.log(`\nload problems (${problems.size}):`);
    for (const [msg, urls] of problems) console.log(`  ${msg}: on ${urls.size} page${urls.size > 1 ? 's' : ''}: ${list(urls)}`);
  }
  const heavy = [...weights].filter(([, w]) => w.total >= BUDGET);
  const sorted = [...weights].sort((a, b) => b[1].total - a[1].total);
  const fmtW = ([url, w]) => `${url}: ${w.total} bytes = HTML ${w.html}` + w.css.map(([f, n]) => ` + ${f} ${n}`).join('');
  console.log(`\npage weight (HTML + linked CSS, budget < ${BUDGET} bytes): heaviest ${fmtW(sorted[0] || ['-', { total: 0, html: 0, css: [] }])}`);
  if (heavy.length) {
    failed = true;
    console.log(`over budget (${heavy.length}):`);
    for (const h of heavy) console.log('  ' + fmtW(h));
  }
  if (weights.size < visit.length) {
    failed = true;
    console.log(`page weight measured for ${weights.size} of ${visit.length} pages only`);
  }
  if (visit.length === 0) {
    failed = true;
    console.log('axe: the site has no HTML page');
  }
  if (aliases.length) console.log(`axe: skipped ${aliases.length} alias redirect pages`);
  console.log(`axe: ${runs} axe runs on ${visit.length} pages; ${failed ? 'FAIL' : 'OK'} in ${fmtMs(Date.now() - t0)}`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`axe: ${err.stack || err}`);
  process.exit(2);
});
