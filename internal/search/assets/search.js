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
  const form = document.querySelector("form[data-search-index]");
  if (!form) return;
  const base = form.dataset.searchIndex;
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector("ol[data-search-results]");
  const status = document.querySelector("[data-search-status]");
  const S = JSON.parse(form.dataset.searchStrings || "{}");
  const enc = new TextEncoder(), dec = new TextDecoder("utf-8", { fatal: true });
  const cache = new Map();

  const fold = (w) => {
    let o = "";
    for (const c of w.toLowerCase().replace(/ё/g, "е")) {
      const i = FROM.indexOf(c);
      o += i < 0 ? c : TO[i];
    }
    return o;
  };
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

  // A shard: "SGS1", then terms with their forms and postings (uvarints).
  function parseShard(buf) {
    const b = new Uint8Array(buf);
    let i = 4;
    const uv = () => {
      let x = 0, s = 1, c;
      do {
        if (i >= b.length) throw new Error("corrupt index shard");
        c = b[i++];
        x += (c & 127) * s;
        s *= 128;
      } while (c & 128);
      return x;
    };
    const str = () => {
      const n = uv();
      if (i + n > b.length) throw new Error("corrupt index shard");
      return dec.decode(b.subarray(i, (i += n)));
    };
    if (b.length < 4 || dec.decode(b.subarray(0, 4)) !== "SGS1") throw new Error("corrupt index shard");
    const m = new Map();
    for (let n = uv(); n > 0; n--) {
      const t = str(), forms = [], post = new Map();
      for (let k = uv(); k > 0; k--) forms.push(str());
      let doc = 0;
      for (let d = uv(); d > 0; d--) {
        doc += uv();
        const w = uv(), pos = [];
        let p = 0;
        for (let k = uv(); k > 0; k--) pos.push((p += uv()));
        post.set(doc, { w, pos });
      }
      m.set(t, { forms, post });
    }
    return m;
  }

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
      g.post = [e ? e.post : new Map()];
    } else {
      g.post = await Promise.all(g.terms.map(async (t) => {
        const e = (await shard(t, meta)).get(t);
        return e ? e.post : new Map();
      }));
    }
  }

  // match: how much of group g doc d holds (0..1), its weight and the
  // positions where it starts.
  function match(g, d) {
    const k = g.post.length;
    let best = 0, w = 0, starts = [];
    g.post.forEach((m, i) => {
      const p = m.get(d);
      if (!p) return;
      w += p.w / k;
      if (k === 1) return void ((best = 1), (starts = p.pos)); // a word, a single character (no positions)
      for (const x of p.pos) {
        let j = 1;
        while (i + j < k && g.post[i + j].get(d)?.pos.includes(x + j)) j++;
        if (j > best) (best = j), (starts = []);
        if (j === best) starts.push(x - i);
      }
    });
    return { f: best / k, w, starts, end: k };
  }

  function rank(gs, meta) {
    const docs = new Set();
    for (const g of gs) {
      g.idf = 0;
      for (const m of g.post) {
        for (const d of m.keys()) docs.add(d);
        g.idf += Math.log(1 + meta.docs / (m.size || meta.docs)) / g.post.length;
      }
    }
    const out = [];
    for (const d of docs) {
      let full = 0, score = 0, prev = null;
      for (const g of gs) {
        const m = match(g, d);
        if (m.f === 1) full++;
        score += g.idf * (m.w / (m.w + 2)) * m.f * m.f;
        if (prev && m.f && prev.starts.some((a) => m.starts.some((b) => b - a - prev.end >= 0 && b - a - prev.end < 3))) score += 1;
        prev = m.f ? m : null;
      }
      if (full || gs.some((g) => g.run && g.terms.length > 1)) out.push({ d, full, score });
    }
    return out.sort((a, b) => b.full - a.full || b.score - a.score || a.d - b.d);
  }

  // excerpt: ranges of doc text x that match the groups, and a window
  // around the part that matches the most of them.
  function excerpt(x, gs) {
    const hits = [];
    for (const [gi, g] of gs.entries()) {
      if (g.run) {
        const subs = x.includes(g.run) || g.terms.length < 2 ? [g.run] : g.terms;
        for (const s of subs) for (let i = x.indexOf(s); i >= 0; i = x.indexOf(s, i + s.length)) hits.push([i, i + s.length, gi]);
      } else if (g.stem) {
        for (const m of x.matchAll(TOKEN)) {
          if (!m[2]) continue;
          const f = fold(m[2]);
          if (g.forms.includes(f) || (f.startsWith(g.stem[0]) && covers(f, g.stem))) hits.push([m.index, m.index + m[2].length, gi]);
        }
      }
    }
    hits.sort((a, b) => a[0] - b[0]);
    let at = 0, most = 0;
    for (const h of hits) {
      const n = new Set(hits.filter((o) => o[0] >= h[0] && o[0] < h[0] + 120).map((o) => o[2])).size;
      if (n > most) (most = n), (at = h[0]);
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

  let seq = 0;
  async function run(q) {
    const me = ++seq;
    const gs = groups(q);
    if (!gs.length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const meta = await get("meta.json"); // asked for at load: see below
      await Promise.all(gs.map((g) => postings(g, meta)));
      const ranked = rank(gs, meta);
      const top = await Promise.all(ranked.slice(0, 10).map((r) => get("d/" + Math.floor(r.d / meta.per) + ".json").then((f) => f[r.d % meta.per])));
      if (me !== seq) return;
      list.replaceChildren(...top.map((doc) => {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = doc.u;
        a.textContent = doc.t;
        li.append(a, excerpt(doc.x, gs));
        return li;
      }));
      status.textContent = (ranked.length ? (S.count || "{0}").replace("{0}", ranked.length) : S.none || "No results") + ": " + q;
    } catch (e) {
      if (me !== seq) return;
      const li = document.createElement("li");
      li.dataset.searchError = "";
      li.textContent = (S.error || "Search failed") + ": " + e.message;
      list.replaceChildren(li);
      status.textContent = "";
    }
  }

  const go = () => {
    const q = input.value;
    const u = new URL(location.href);
    if (q) u.searchParams.set("q", q);
    else u.searchParams.delete("q");
    history.replaceState(null, "", u);
    run(q);
  };
  input.addEventListener("input", go);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go();
  });
  // The manifest is asked for now, not on the first keystroke, which
  // would otherwise wait for it before it could ask for any shard. A
  // failure is shown by the query that needs it, which asks again.
  get("meta.json").catch(() => {});
  // Regular expressions of Unicode sets are compiled on their first use,
  // which took tens of milliseconds of the first query: use them now.
  groups("a 文字");
  HAN.test("a");
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run(q);
  }
})();
