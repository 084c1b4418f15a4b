'use strict';
// gates/checks.js SITE: structural checks of the built site's machine-readable data.
//
// 1. Every .ics file (RFC 5545): CRLF line ends everywhere (and nothing else),
//    no content line over 75 octets, no empty line, BEGIN/END balanced and
//    matching, a VCALENDAR with VERSION and PRODID, each VEVENT with UID,
//    DTSTAMP, DTSTART and SUMMARY (UIDs unique within a file).
// 2. Every JSON-LD block (<script type="application/ld+json">) of every page
//    parses; every Event (any @type ending in "Event", anywhere in the tree)
//    has name, startDate and location.address.addressLocality.
// 3. The home page and the programme page of every language have an Event in
//    their JSON-LD and a link to a .ics file; every .ics link of any page
//    points to a file that exists.
// 4. The identity: every page's banner (<header> of <body>) holds the
//    wordmark, an inline <svg role="img"> with an aria-label and no <text>
//    (it is drawn, not set in a font); the home page of every language shows
//    the key visual through the image pipeline: a <picture> with a WebP
//    <source> and an <img> with alt text, width and height, loaded eagerly
//    (it is above the fold), every file of its srcsets present.
const fs = require('node:fs');
const path = require('node:path');
const { siteArg, walk, htmlPages, languages, fmtMs } = require('./lib');

const t0 = Date.now();
const site = siteArg('checks.js');
const failures = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);

// ---------------------------------------------------------------- iCalendar
function checkICS(rel) {
  const buf = fs.readFileSync(path.join(site, rel));
  const text = buf.toString('utf8');
  if (buf.length === 0) return fail(rel, 'empty file');
  // Line ends: split on LF; every piece but the last must end in CR, the last must be empty.
  const raw = text.split('\n');
  if (raw[raw.length - 1] !== '') fail(rel, 'does not end with CRLF');
  const lines = [];
  let lfOnly = 0;
  raw.slice(0, -1).forEach((l, i) => {
    if (!l.endsWith('\r')) {
      if (lfOnly++ < 5) fail(`${rel}:${i + 1}`, 'line ends in LF, not CRLF');
    } else l = l.slice(0, -1);
    if (l.includes('\r')) fail(`${rel}:${i + 1}`, 'bare CR inside a line');
    lines.push(l);
  });
  if (raw[raw.length - 1] !== '') lines.push(raw[raw.length - 1]);
  if (lfOnly > 5) fail(rel, `${lfOnly} lines end in LF, not CRLF (first 5 shown)`);
  lines.forEach((l, i) => {
    const n = Buffer.byteLength(l, 'utf8');
    if (n > 75) fail(`${rel}:${i + 1}`, `line is ${n} octets (max 75): ${JSON.stringify(l.slice(0, 40))}...`);
    if (l === '') fail(`${rel}:${i + 1}`, 'empty line');
  });
  // Unfold: a line starting with space or tab continues the previous one.
  const props = [];
  lines.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && props.length) props[props.length - 1].v += l.slice(1);
    else if (l !== '') props.push({ v: l, line: i + 1 });
  });
  const stack = [];
  let calendars = 0;
  for (const p of props) {
    const m = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(p.v);
    if (!m) {
      fail(`${rel}:${p.line}`, `not a content line (name[;params]:value): ${JSON.stringify(p.v.slice(0, 60))}`);
      continue;
    }
    const name = m[1].toUpperCase();
    const value = m[3];
    if (name === 'BEGIN') {
      const comp = { name: value.toUpperCase(), props: {}, line: p.line };
      if (stack.length === 0 && comp.name !== 'VCALENDAR') fail(`${rel}:${p.line}`, `BEGIN:${value} outside a VCALENDAR`);
      if (comp.name === 'VCALENDAR') calendars++;
      stack.push(comp);
    } else if (name === 'END') {
      const comp = stack.pop();
      if (!comp) {
        fail(`${rel}:${p.line}`, `END:${value} without a BEGIN`);
        continue;
      }
      if (comp.name !== value.toUpperCase()) {
        fail(`${rel}:${p.line}`, `END:${value} closes BEGIN:${comp.name} of line ${comp.line}`);
      }
      const need = { VCALENDAR: ['VERSION', 'PRODID'], VEVENT: ['UID', 'DTSTAMP', 'DTSTART', 'SUMMARY'] }[comp.name] || [];
      for (const k of need) {
        if (!comp.props[k]) fail(`${rel}:${comp.line}`, `${comp.name} has no ${k}`);
        else if (comp.props[k].length > 1) fail(`${rel}:${comp.line}`, `${comp.name} has ${comp.props[k].length} ${k} properties`);
        else if (comp.props[k][0] === '') fail(`${rel}:${comp.line}`, `${comp.name} has an empty ${k}`);
      }
      if (comp.name === 'VCALENDAR' && comp.props.VERSION && comp.props.VERSION[0] !== '2.0') {
        fail(`${rel}:${comp.line}`, `VERSION is ${comp.props.VERSION[0]}, not 2.0`);
      }
      if (comp.name === 'VEVENT') {
        const parent = stack[stack.length - 1];
        if (parent) (parent.uids = parent.uids || []).push(comp.props.UID ? comp.props.UID[0] : '');
      }
      if (comp.name === 'VCALENDAR') {
        const uids = (comp.uids || []).filter(Boolean);
        const dup = uids.filter((u, i) => uids.indexOf(u) !== i);
        if (dup.length) fail(`${rel}:${comp.line}`, `duplicate UID ${[...new Set(dup)].join(', ')}`);
        if (!comp.uids || comp.uids.length === 0) fail(`${rel}:${comp.line}`, 'VCALENDAR has no VEVENT');
      }
    } else if (stack.length === 0) {
      fail(`${rel}:${p.line}`, `${name} outside any component`);
    } else {
      const comp = stack[stack.length - 1];
      (comp.props[name] = comp.props[name] || []).push(value);
    }
  }
  for (const c of stack) fail(`${rel}:${c.line}`, `BEGIN:${c.name} is never closed`);
  if (calendars === 0) fail(rel, 'no VCALENDAR');
  return props.length;
}

// ---------------------------------------------------------------- JSON-LD
const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[e]));

function types(node) {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x) => typeof x === 'string');
}

// events collects every object whose @type ends in "Event".
function events(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => events(n, out));
  else if (node && typeof node === 'object') {
    if (types(node).some((t) => /Event$/.test(t.replace(/^.*[/:]/, '')))) out.push(node);
    for (const [k, v] of Object.entries(node)) if (k !== '@context') events(v, out);
  }
  return out;
}

function hasLocality(ev) {
  const locs = Array.isArray(ev.location) ? ev.location : [ev.location];
  return locs.some((l) => {
    if (!l || typeof l !== 'object') return false;
    const addrs = Array.isArray(l.address) ? l.address : [l.address];
    return addrs.some((a) => a && typeof a === 'object' && typeof a.addressLocality === 'string' && a.addressLocality.trim() !== '');
  });
}

const nonEmpty = (v) => (typeof v === 'string' ? v.trim() !== '' : v != null && typeof v === 'object');

// ---------------------------------------------------------------- run
const files = walk(site);
const icsFiles = files.filter((f) => f.toLowerCase().endsWith('.ics'));
const fileSet = new Set(files);
let icsLines = 0;
for (const f of icsFiles) icsLines += checkICS(f) || 0;

const pages = htmlPages(site);
const info = new Map(); // file -> {events, icsLinks}
let blocks = 0;
let eventCount = 0;
for (const p of pages) {
  const html = fs.readFileSync(path.join(site, p.file), 'utf8');
  const evs = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const tm = /\btype\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    const type = tm ? (tm[2] ?? tm[3] ?? tm[4]).trim().toLowerCase() : '';
    if (type !== 'application/ld+json') continue;
    blocks++;
    const line = html.slice(0, m.index).split('\n').length;
    let data;
    try {
      data = JSON.parse(m[2]);
    } catch (e) {
      fail(`${p.file}:${line}`, `JSON-LD does not parse: ${e.message}`);
      continue;
    }
    for (const ev of events(data)) {
      eventCount++;
      evs.push(ev);
      const label = `${p.file}:${line}: ${types(ev).join('/')} ${JSON.stringify(ev.name || ev['@id'] || '?')}`;
      if (!nonEmpty(ev.name)) failures.push(`${label}: no name`);
      if (!nonEmpty(ev.startDate)) failures.push(`${label}: no startDate`);
      else if (typeof ev.startDate === 'string' && !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(ev.startDate)) {
        failures.push(`${label}: startDate ${JSON.stringify(ev.startDate)} is not an ISO 8601 date`);
      }
      if (!hasLocality(ev)) failures.push(`${label}: no location.address.addressLocality`);
    }
  }
  // Links to .ics files (a, link), resolved against the page URL.
  const icsLinks = [];
  const hre = /<(a|link)\b[^>]*?\shref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  while ((m = hre.exec(html))) {
    const href = decode(m[3] ?? m[4] ?? m[5]);
    let u;
    try {
      u = new URL(href, 'http://site.invalid' + p.url);
    } catch {
      continue;
    }
    if (!/\.ics$/i.test(u.pathname)) continue;
    icsLinks.push(href);
    if (u.host !== 'site.invalid') {
      fail(p.file, `links to an .ics file on another host: ${href}`);
      continue;
    }
    const target = decodeURIComponent(u.pathname).replace(/^\//, '');
    if (!fileSet.has(target)) fail(p.file, `links to ${href}, which the site does not have`);
  }
  info.set(p.file, { events: evs, icsLinks });
}

// The pages that must offer the event to calendars and to search engines.
const langs = languages(site);
const required = [];
for (const l of langs) {
  const pre = l ? l + '/' : '';
  required.push(pre + 'index.html', pre + 'programme/index.html');
}
for (const f of required) {
  const i = info.get(f);
  if (!i) {
    fail(f, 'page missing (home and programme pages are required in every language)');
    continue;
  }
  if (i.events.length === 0) fail(f, 'has no Event in its JSON-LD');
  if (i.icsLinks.length === 0) fail(f, 'has no link to a .ics file');
}

// The identity (4): the wordmark on every page, the key visual on the homes.
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decode(m[2] ?? m[3]) : null;
};
for (const p of pages) {
  if (p.alias) continue;
  const html = fs.readFileSync(path.join(site, p.file), 'utf8');
  const header = /<header class="site-header">([\s\S]*?)<\/header>/.exec(html);
  const svg = header && /<svg\b([^>]*)>([\s\S]*?)<\/svg>/.exec(header[1]);
  if (!svg) fail(p.file, 'the banner has no wordmark (an inline <svg>)');
  else {
    if (attr(svg[1], 'role') !== 'img' || !(attr(svg[1], 'aria-label') || '').trim()) fail(p.file, 'the wordmark is not an <svg role="img"> with an aria-label');
    if (/<text\b/i.test(svg[2])) fail(p.file, 'the wordmark sets letters in a font (<text>); draw them as paths');
  }
}
for (const l of langs) {
  const f = (l ? l + '/' : '') + 'index.html';
  if (!fileSet.has(f)) continue;
  const html = fs.readFileSync(path.join(site, f), 'utf8');
  const pic = /<picture\b[^>]*class="key-visual"[^>]*>([\s\S]*?)<\/picture>/.exec(html);
  if (!pic) {
    fail(f, 'no key visual (<picture class="key-visual">)');
    continue;
  }
  const img = /<img\b[^>]*>/.exec(pic[1]);
  if (!/<source\b[^>]*type="image\/webp"/.test(pic[1])) fail(f, 'the key visual has no WebP <source>');
  if (!img) fail(f, 'the key visual has no <img>');
  else {
    if (!(attr(img[0], 'alt') || '').trim()) fail(f, 'the key visual has no alt text');
    if (!attr(img[0], 'width') || !attr(img[0], 'height')) fail(f, 'the key visual has no width and height (its box would shift the page)');
    if (attr(img[0], 'loading') === 'lazy') fail(f, 'the key visual is lazy, but it is above the fold');
  }
  for (const m of pic[1].matchAll(/\s(?:srcset|src)="([^"]*)"/g)) {
    for (const part of m[1].split(',')) {
      const url = part.trim().split(/\s+/)[0];
      if (url && !fileSet.has(decodeURIComponent(url).replace(/^\//, ''))) fail(f, `the key visual names ${url}, which the site does not have`);
    }
  }
}

console.log(`checks: ${icsFiles.length} .ics files (${icsLines} content lines), ` +
  `${pages.length} pages, ${blocks} JSON-LD blocks, ${eventCount} Events; ` +
  `languages: ${langs.map((l) => l || '(root)').join(', ')}; required pages: ${required.length}`);
for (const f of required) {
  const i = info.get(f);
  if (i) console.log(`  ${f}: ${i.events.length} Event(s), .ics links: ${[...new Set(i.icsLinks)].join(' ') || 'none'}`);
}
if (icsFiles.length === 0) fail(site, 'the site has no .ics file');
if (failures.length) {
  const uniq = [...new Set(failures)];
  failures.length = 0;
  failures.push(...uniq);
  console.log(`\nchecks: FAIL (${failures.length} problem${failures.length > 1 ? 's' : ''}) in ${fmtMs(Date.now() - t0)}`);
  for (const f of failures) console.log('  ' + f);
  process.exit(1);
}
console.log(`checks: OK in ${fmtMs(Date.now() - t0)}`);
