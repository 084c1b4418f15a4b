'use strict';
// gates/layout.js SITE: what a reader sees on a phone, in Chromium at 360 px.
//
// Serves SITE with gates/serve.js and visits every .html page (alias
// redirect pages excepted) at 360 x 740 px, without JavaScript (the site
// must work without it). It fails on:
//   - a page whose banner (the first <header> of <body>) is HEADER_MAX px
//     (default 120) or taller: the menu must not wrap into rows;
//   - a word, number or date that a line break splits inside a table cell
//     (th, td) or a figure tile (.tile): "Зарегистрированн|ые",
//     "2013年11|月", "600|million" (a number and its unit count as one);
//   - a page wider than the screen (it would scroll sideways).
// Before the site, it runs the same checks on a page made to fail them, so
// that a check that can no longer see a fault fails too.
const { chromium } = require('playwright-core');
const { serve } = require('./serve');
const { siteArg, htmlPages, fmtMs } = require('./lib');

const WIDTH = 360;
const HEADER_MAX = Number(process.env.HEADER_MAX || 120);
const CELLS = 'th, td, .tile';

const t0 = Date.now();
const site = siteArg('layout.js');

// measure runs in the page: the banner's height, the page's width and the
// tokens that a line break splits. A token is a number with its unit or a
// CJK date (2013年11月, 6亿多), or a run of Latin or Cyrillic letters and
// digits (hyphens and apostrophes inside); it is split when its client
// rects lie on more than one line.
function measure(sel) {
  const header = document.querySelector('body > header, body > * > header');
  const token = /\d[\d.,]*[ \u00a0](?:million|billion|млн|млрд)|\d+(?:[年月日亿多]\d*)+|[\p{Script=Latin}\p{Script=Cyrillic}\p{Nd}]+(?:[-\u2011’'.][\p{Script=Latin}\p{Script=Cyrillic}\p{Nd}]+)*/gu;
  const broken = [];
  for (const cell of document.querySelectorAll(sel)) {
    // The cell's text, and where each character comes from.
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const map = [];
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.data.length; i++) map.push([n, i]);
      text += n.data;
    }
    for (const m of text.matchAll(token)) {
      const [sn, so] = map[m.index];
      const [en, eo] = map[m.index + m[0].length - 1];
      const r = document.createRange();
      r.setStart(sn, so);
      r.setEnd(en, eo + 1);
      const lines = [];
      for (const rect of r.getClientRects()) {
        if (rect.width === 0 || rect.height === 0) continue;
        const mid = rect.top + rect.height / 2;
        if (!lines.some((l) => Math.abs(l - mid) < rect.height / 2)) lines.push(mid);
      }
      if (lines.length > 1) {
        broken.push(`${cell.tagName.toLowerCase()}${cell.className ? '.' + cell.className.split(' ')[0] : ''} "${m[0]}" on ${lines.length} lines (cell: "${text.trim().replace(/\s+/g, ' ').slice(0, 60)}")`);
      }
    }
  }
  return {
    header: header ? Math.round(header.getBoundingClientRect().height) : null,
    width: document.documentElement.scrollWidth,
    broken,
  };
}

// A page that every check must catch.
const BAD = `<!DOCTYPE html><html lang="ru"><head><meta name="viewport" content="width=device-width"><style>
body{margin:0;font:16px sans-serif} header{height:200px} td{overflow-wrap:anywhere} .wide{width:500px}
</style></head><body><header>banner</header><table><tr><td style="width:60px">Зарегистрированные</td>
<td style="width:40px">2013年11月</td><td style="width:40px">600 million</td></tr></table><div class="wide">x</div></body></html>`;

async function main() {
  const pages = htmlPages(site).filter((p) => !p.alias);
  const server = await serve(site);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, javaScriptEnabled: false });
  // Playwright's evaluate runs in the page even with the page's own scripts off.
  const failures = [];

  const probe = await context.newPage();
  await probe.setContent(BAD);
  const self = await probe.evaluate(measure, CELLS);
  await probe.close();
  const caught = [self.header >= HEADER_MAX, self.width > WIDTH,
    ['Зарегистрированные', '2013年11月', '600 million'].every((w) => self.broken.some((b) => b.includes(`"${w}"`)))];
  if (!caught.every(Boolean)) {
    failures.push(`self-test: the checks missed a fault they must catch (header ${self.header} px, width ${self.width} px, broken ${JSON.stringify(self.broken)})`);
  }

  const heights = [];
  let cells = 0;
  const page = await context.newPage(); // one tab for every page: a new tab costs more than a visit
  for (const p of pages) {
    try {
      const res = await page.goto(server.url + p.url, { waitUntil: 'load' });
      if (!res || res.status() !== 200) failures.push(`${p.url}: answered ${res ? res.status() : 'nothing'}`);
      const m = await page.evaluate(measure, CELLS);
      cells += await page.evaluate((sel) => document.querySelectorAll(sel).length, CELLS);
      if (m.header === null) failures.push(`${p.url}: no banner (<header> in <body>)`);
      else {
        heights.push([m.header, p.url]);
        if (m.header >= HEADER_MAX) failures.push(`${p.url}: the banner is ${m.header} px tall at ${WIDTH} px (limit: under ${HEADER_MAX})`);
      }
      if (m.width > WIDTH) failures.push(`${p.url}: the page is ${m.width} px wide at ${WIDTH} px (it scrolls sideways)`);
      for (const b of m.broken) failures.push(`${p.url}: a line break splits ${b}`);
    } catch (err) {
      failures.push(`${p.url}: visit failed: ${err.message.split('\n')[0]}`);
    }
  }
  await context.close();
  await browser.close();
  await server.close();

  heights.sort((a, b) => b[0] - a[0]);
  console.log(`layout: ${pages.length} pages at ${WIDTH} px without JavaScript; ${cells} table cells and tiles; ` +
    `tallest banner ${heights.length ? `${heights[0][0]} px (${heights[0][1]})` : '-'}, limit under ${HEADER_MAX} px`);
  if (failures.length) {
    console.log(`\nlayout: FAIL (${failures.length}) in ${fmtMs(Date.now() - t0)}`);
    for (const f of failures) console.log('  ' + f);
    process.exit(1);
  }
  console.log(`layout: OK in ${fmtMs(Date.now() - t0)}`);
}

main().catch((err) => {
  console.error(`layout: ${err.stack || err}`);
  process.exit(2);
});
