// sitegen search: queries the index that sitegen build writes under
// search/LANG/ (see internal/search). No framework, no other host; every
// text from the query or the index goes into the page as text, never HTML.
(() => {
  "use strict";
  // The same folding as internal/search/fold.go (a Go test checks).
  const FROM = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
  const TO = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";
  const TOKEN = /(\p{Script=Han}+)|([[\p{L}\p{Nd}\p{M}]--\p{Script=Han}]+)/gv;
  const HAN = /^\p{Script=Han}/u;
  // A word of the text (TOKEN's second group) from where it starts, and
  // whether a text ends in a letter of one.
  const WORD = /[[\p{L}\p{Nd}\p{M}]--\p{Script=Han}]+/vy;
  const WORD_END = /[[\p{L}\p{Nd}\p{M}]--\p{Script=Han}]$/v;
  const DIACRITIC = new RegExp("[" + FROM + "]", "g");
  const form = document.querySelector("form[data-search-index]");
  if (!form) return;
  const base = form.dataset.searchIndex;
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("ol[data-search-results]");
  const status = document.querySelector("[data-search-status]");
  const S = JSON.parse(form.dataset.searchStrings || "{}");
  const enc = new TextEncoder(), dec = new TextDecoder("utf-8", { fatal: true });
  const cache = new Map();
  let manifest = null; // meta.json, once in

  // marks: lower-case text with ё as е and Latin diacritics dropped.
  const marks = (l) => l.replace(/ё/g, "е").replace(DIACRITIC, (c) => TO[FROM.indexOf(c)]);
  const fold = (w) => marks(w.toLowerCase());
  const get = (path, bin) => {
    if (!cache.has(path)) {
      const p = fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return bin ? r.arrayBuffer().then(parseShard) : r.json();
      });
      p.catch(() => cache.delete(path));
      cache.set(path, p);
    }
    return cache.get(path);
  };

  // A shard: "SGS2", then terms with their forms, the byte length of their
  // postings and the postings (uvarints). Reading it takes each term and
  // its forms and steps over its postings; a term's postings are decoded
  // when a query asks for them (post), so a query pays for its own terms,
  // not for all of the shard's.
  function parseShard(buf) {
    const b = new Uint8Array(buf);
    let i = 4;
    const bad = () => {
      throw new Error("corrupt index shard");
    };
    // more: the rest of a uvarint whose first byte c is over 127; most
    // are one byte, which the loops read inline.
    const more = (c) => {
      if (c === undefined) bad();
      let x = c & 127, s = 128;
      do {
        if (i >= b.length) bad();
        c = b[i++];
        x += (c & 127) * s;
        s *= 128;
      } while (c & 128);
      return x;
    };
    const uv = () => {
      const c = b[i++];
      return c < 128 ? c : more(c);
    };
    const str = () => {
      const n = uv();
      if (i + n > b.length) bad();
      return dec.decode(b.subarray(i, (i += n)));
    };
    if (b.length < 4 || dec.decode(b.subarray(0, 4)) !== "SGS2") bad();
    const m = new Map();
    for (let n = uv(); n > 0; n--) {
      const t = str(), forms = [];
      for (let k = uv(); k > 0; k--) forms.push(str());
      const size = uv(), at = i;
      if ((i += size) > b.length) bad();
      let p = null;
      // The term's postings: n documents, in order (doc), their weights (w)
      // and positions (pos[ps[j]] to pos[ps[j + 1]]); idx[d] is j + 1 for
      // document d, 0 if it has none.
      const post = () => {
        if (p) return p;
        i = at;
        // (A position takes a byte at least: size bounds their number.)
        const n = uv(), doc = new Int32Array(n), w = new Int32Array(n), ps = new Int32Array(n + 1), pos = new Int32Array(size);
        for (let j = 0, d = 0, np = 0, c; j < n; j++) {
          doc[j] = d += (c = b[i++]) < 128 ? c : more(c);
          w[j] = (c = b[i++]) < 128 ? c : more(c);
          for (let k = (c = b[i++]) < 128 ? c : more(c), x = 0; k > 0; k--) pos[np++] = x += (c = b[i++]) < 128 ? c : more(c);
          ps[j + 1] = np;
        }
        if (i !== at + size) bad();
        const idx = new Int32Array(n ? doc[n - 1] + 1 : 0);
        for (let j = 0; j < n; j++) idx[doc[j]] = j + 1;
        return (p = { n, doc, w, ps, pos, idx });
      };
      m.set(t, { forms, post });
    }
    return m;
  }
  const NONE = { n: 0, doc: [], w: [], ps: [0], pos: [], idx: [] };
  // holds: whether document d has a position x in postings p.
  const holds = (p, d, x) => {
    const j = (p.idx[d] || 0) - 1;
    if (j < 0) return false;
    let lo = p.ps[j], hi = p.ps[j + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p.pos[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo < p.ps[j + 1] && p.pos[lo] === x;
  };

  const key = (t) => (HAN.test(t) ? t : [...t].slice(0, 3).join(""));
  const fnv = (s) => {
    let h = 0x811c9dc5;
    for (const c of enc.encode(s)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
    return h;
  };
  const shard = (t, meta) => get("s/" + (fnv(key(t)) % meta.shards).toString(16).padStart(3, "0") + ".bin", true);

  // resolve: the term of a typed word, as internal/search.Resolve.
  const cands = (w) => (w.endsWith("y") ? [w, w.slice(0, -1) + "i"] : [w]);
  const least = (w) => Math.min([...w].length, Math.max(2, ([...w].length - 1) >> 1));
  function resolve(w, has) {
    const min = least(w);
    let best = "";
    for (const c of cands(w)) {
      const r = [...c];
      for (let k = r.length; k >= min; k--) {
        const p = r.slice(0, k).join("");
        if (p.length > best.length && has(p)) {
          best = p;
          break;
        }
      }
    }
    return best;
  }
  // covers: whether resolve(f) could give stem, the stem being there.
  const covers = (f, stem) => [...stem].length >= least(f) && cands(f).some((c) => c.startsWith(stem));
  function lookup(sh, w) {
    for (const [t, e] of sh) if (e.forms.includes(w)) return t;
    return resolve(w, (p) => sh.has(p));
  }

  // groups: the query's words and Han runs; a run of n > 1 characters is
  // the chain of its n-1 bigrams.
  function groups(q) {
    const gs = [];
    for (const m of q.matchAll(TOKEN)) {
      if (m[1]) {
        const r = [...m[1]], terms = [];
        for (let i = 0; i + 1 < r.length; i++) terms.push(r[i] + r[i + 1]);
        gs.push({ run: m[1], terms: terms.length ? terms : r });
      } else gs.push({ word: fold(m[2]) });
    }
    return gs.slice(0, 10);
  }

  async function postings(g, meta) {
    if (g.word !== undefined) {
      const sh = await shard(g.word, meta);
      g.stem = lookup(sh, g.word);
      const e = g.stem && sh.get(g.stem);
      g.forms = e ? e.forms : [];
      g.post = [e ? e.post() : NONE];
    } else {
      g.post = await Promise.all(g.terms.map(async (t) => {
        const e = (await shard(t, meta)).get(t);
        return e ? e.post() : NONE;
      }));
    }
  }

  // match: how much of group g doc d holds (0..1), its weight and the
  // positions where it starts.
  // positions where it starts, in order: starts[from] to starts[to - 1].
  // It is g.m, made again for every document of a query's ranking.
  function match(g, d) {
    const k = g.post.length;
    let best = 0, w = 0, starts = NO, from = 0, to = 0;
    for (let i = 0; i < k; i++) {
      const p = g.post[i], j = (p.idx[d] || 0) - 1;
      if (j < 0) continue;
      w += p.w[j] / k;
      if (k === 1) {
        // a word, a single character (no positions)
        best = 1;
        (starts = p.pos), (from = p.ps[j]), (to = p.ps[j + 1]);
        break;
      }
      for (let a = p.ps[j]; a < p.ps[j + 1]; a++) {
        const x = p.pos[a];
        let n = 1;
        while (i + n < k && holds(g.post[i + n], d, x + n)) n++;
        if (n > best) (best = n), (starts = []);
        else if (starts === NO) starts = [];
        if (n === best) starts.push(x - i);
      }
    }
    if (k > 1) starts.sort((a, b) => a - b), (to = starts.length);
    const m = g.m;
    (m.f = best / k), (m.w = w), (m.starts = starts), (m.from = from), (m.to = to), (m.end = k);
    return m;
  }
  const NO = [];

  // near: whether some start b of m follows some start a of prev by less
  // than 3 positions after prev's end (both in order).
  function near(prev, m) {
    const A = prev.starts, B = m.starts;
    for (let i = prev.from, j = m.from; i < prev.to; i++) {
      const lo = A[i] + prev.end;
      while (j < m.to && B[j] < lo) j++;
      if (j === m.to) return false;
      if (B[j] < lo + 3) return true;
    }
    return false;
  }

  // rank: how many documents match, and the best n, best first.
  // (Its loops run over thousands of documents for a common word, before
  // the engine has compiled them: they index arrays rather than iterate.)
  function rank(gs, meta, n) {
    let last = 0;
    for (const g of gs) for (const p of g.post) if (p.n) last = Math.max(last, p.doc[p.n - 1]);
    const docs = [], seen = new Uint8Array(last + 1);
    for (const g of gs) {
      g.idf = 0;
      g.m = { f: 0, w: 0, starts: NO, from: 0, to: 0, end: 0 };
      for (const p of g.post) {
        for (let j = 0; j < p.n; j++) if (!seen[p.doc[j]]) (seen[p.doc[j]] = 1), docs.push(p.doc[j]);
        g.idf += Math.log(1 + meta.docs / (p.n || meta.docs)) / g.post.length;
      }
    }
    const runs = gs.some((g) => g.run && g.terms.length > 1);
    // before: whether document d, with full and score, ranks before r.
    const before = (d, full, score, r) => (r.full - full || r.score - score || d - r.d) < 0;
    const top = [];
    let count = 0;
    for (let di = 0; di < docs.length; di++) {
      const d = docs[di];
      let full = 0, score = 0, prev = null;
      for (let gi = 0; gi < gs.length; gi++) {
        const g = gs[gi], m = match(g, d);
        if (m.f === 1) full++;
        score += g.idf * (m.w / (m.w + 2)) * m.f * m.f;
        if (prev && m.f && near(prev, m)) score += 1;
        prev = m.f ? m : null;
      }
      if (!full && !runs) continue;
      count++;
      // Keep the best n in order: a sort of thousands of documents took
      // longer than the rest of ranking them.
      if (top.length === n) {
        if (!before(d, full, score, top[n - 1])) continue;
        top.pop();
      }
      let k = top.length;
      while (k > 0 && before(d, full, score, top[k - 1])) k--;
      top.splice(k, 0, { d, full, score });
    }
    return { count, top };
  }

  // foldText: x folded as fold folds a word, character for character (the
  // same length), to find where words may match without folding each.
  function foldText(x) {
    let l = x.toLowerCase();
    if (l.length !== x.length) l = [...x].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
    return marks(l);
  }

  // wordHits: where in text x (folded: fx) the words of group g are, as
  // ranges [from, to, gi]: its forms, and the words whose stem it is
  // (those start with the stem, or the stem but its last letter i for
  // a word in y).
  function wordHits(x, fx, g, gi, hits) {
    const seen = new Set();
    for (const s of [g.stem.endsWith("i") ? g.stem.slice(0, -1) : g.stem, ...g.forms]) {
      for (let i = fx.indexOf(s); i >= 0; i = fx.indexOf(s, i + 1)) {
        if (seen.has(i) || WORD_END.test(x.slice(Math.max(0, i - 2), i))) continue;
        seen.add(i);
        WORD.lastIndex = i;
        const w = WORD.exec(x)?.[0];
        if (!w) continue;
        const f = fold(w);
        if (g.forms.includes(f) || (f.startsWith(g.stem[0]) && covers(f, g.stem))) hits.push([i, i + w.length, gi]);
      }
    }
  }

  // excerpt: ranges of doc text x that match the groups, and a window
  // around the part that matches the most of them.
  function excerpt(x, gs) {
    const hits = [];
    let fx;
    for (const [gi, g] of gs.entries()) {
      if (g.run) {
        const subs = x.includes(g.run) || g.terms.length < 2 ? [g.run] : g.terms;
        for (const s of subs) for (let i = x.indexOf(s); i >= 0; i = x.indexOf(s, i + s.length)) hits.push([i, i + s.length, gi]);
      } else if (g.stem) wordHits(x, (fx ??= foldText(x)), g, gi, hits);
    }
    hits.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    let at = 0, most = 0;
    for (let i = 0, first = 0; i < hits.length; i++) {
      if (hits[i][0] !== hits[first][0]) first = i;
      let seen = 0;
      for (let j = first; j < hits.length && hits[j][0] < hits[i][0] + 120; j++) seen |= 1 << hits[j][2];
      let n = 0;
      for (; seen; seen &= seen - 1) n++;
      if (n > most) (most = n), (at = hits[i][0]);
    }
    const from = Math.max(0, at - 60), to = Math.min(x.length, from + 240);
    const p = document.createElement("p");
    let pos = from;
    if (from > 0) p.append("… ");
    for (const [a, b] of hits) {
      if (a < pos || b > to) continue;
      const mk = document.createElement("mark");
      mk.textContent = x.slice(a, b);
      p.append(x.slice(pos, a), mk);
      pos = b;
    }
    p.append(x.slice(pos, to) + (to < x.length ? " …" : ""));
    return p;
  }

  const item = (doc, gs) => {
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = doc.u;
    a.textContent = doc.t;
    li.append(a, excerpt(doc.x, gs));
    return li;
  };

  // run shows the results of query q. Each result shows as soon as its
  // document file and those of the results above it are in: the best
  // first, without waiting for the tenth. The best result's file is asked
  // for alone and the others' once it shows: asked for together, the ten
  // requests' own script work and responses held the first back by about
  // 20 ms on a busy machine. The list is aria-busy until the last is in. A
  // newer query's results are never replaced by an older one's.
  let seq = 0;
  async function run(q) {
    const me = ++seq;
    const gs = groups(q);
    const done = (...lis) => {
      list.replaceChildren(...lis);
      list.removeAttribute("aria-busy");
    };
    if (!gs.length) {
      done();
      status.textContent = "";
      return;
    }
    try {
      // Asked for at load (see below); once in, the shards are asked for
      // before run first yields.
      const meta = manifest || (await get("meta.json"));
      await Promise.all(gs.map((g) => postings(g, meta)));
      const ranked = rank(gs, meta, 10);
      const file = (r) => {
        const p = get("d/" + Math.floor(r.d / meta.per) + ".json").then((f) => f[r.d % meta.per]);
        p.catch(() => {}); // a failure shows when its turn comes
        return p;
      };
      const top = ranked.top, docs = top.slice(0, 1).map(file);
      if (me !== seq) return;
      const count = (ranked.count ? (S.count || "{0}").replace("{0}", ranked.count) : S.none || "No results") + ": " + q;
      if (!top.length) {
        done();
        status.textContent = count;
      }
      for (let i = 0; i < top.length; i++) {
        if (i === 1) docs.push(...top.slice(1).map(file));
        const doc = await docs[i];
        if (me !== seq) return;
        if (i > 0) list.append(item(doc, gs));
        else {
          list.replaceChildren(item(doc, gs));
          status.textContent = count;
        }
        if (i + 1 < top.length) list.setAttribute("aria-busy", "true");
        else list.removeAttribute("aria-busy");
      }
    } catch (e) {
      if (me !== seq) return;
      const li = document.createElement("li");
      li.dataset.searchError = "";
      li.textContent = (S.error || "Search failed") + ": " + e.message;
      done(li);
      status.textContent = "";
    }
  }

  const go = () => {
    const q = input.value;
    run(q); // its requests first; the address after
    const u = new URL(location.href);
    if (q) u.searchParams.set("q", q);
    else u.searchParams.delete("q");
    history.replaceState(null, "", u);
  };
  input.addEventListener("input", go);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go();
  });
  // The manifest is asked for now, not on the first keystroke, which
  // would otherwise wait for it before it could ask for any shard. A
  // failure is shown by the query that needs it, which asks again.
  get("meta.json").then((m) => (manifest = m), () => {});
  // Regular expressions of Unicode sets are compiled on their first use,
  // which took tens of milliseconds of the first query, and a function on
  // its first call: use them now, on a shard of one term and a text.
  const warm = groups("Ёé 文字");
  warm[0].stem = "ее";
  warm[0].forms = [];
  warm[0].post = warm[1].post = [parseShard(new Uint8Array([83, 71, 83, 50, 1, 2, 97, 98, 0, 5, 1, 0, 1, 1, 0]).buffer).get("ab").post()];
  rank(warm, { docs: 1 }, 10);
  excerpt("Ёé 文字 ее", warm);
  HAN.test("a");
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
