package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits that keep downloads small: a posting keeps at most maxPositions
// positions (enough to find a phrase in all but the longest pages), a
// document file at most maxText bytes of text, and an index has a shard for
// every docsPerShard documents, up to maxShards.
const (
	maxPositions = 48
	maxText      = 12000
	docsPerShard = 2
	maxShards    = 4096
	titleGap     = 64 // positions between the title and the body: no phrase spans them
)

// posting is one document's occurrences of a term.
type posting struct {
	doc    int
	weight int
	pos    []int
}

// term is a term's postings and the forms the script must be told of.
type term struct {
	postings []posting
	forms    map[string]struct{}
}

// docTerms is what a document gives the index, made in parallel.
type docTerms struct {
	terms map[string]*posting
	forms map[string]string // normalized word -> stem
	len   int
}

// analyze tokenizes a document: its title first, then its body.
func (a *Analyzer) analyze(d Doc, id int) docTerms {
	toks, pos := a.Tokens(nil, d.Title, 0)
	nTitle := len(toks)
	toks, end := a.Tokens(toks, d.Text, pos+titleGap)
	dt := docTerms{terms: make(map[string]*posting, len(toks)/2), forms: map[string]string{}, len: end}
	for i, t := range toks {
		p := dt.terms[t.Term]
		if p == nil {
			p = &posting{doc: id}
			dt.terms[t.Term] = p
		}
		if i < nTitle {
			p.weight += weightTitle
		} else {
			p.weight += weightBody
		}
		if len(p.pos) < maxPositions {
			p.pos = append(p.pos, t.Pos)
		}
		if t.Form != "" {
			dt.forms[t.Form] = t.Term
		}
	}
	var htoks []Token
	for _, h := range d.Headings {
		htoks, _ = a.Tokens(htoks[:0], h, 0)
		for _, t := range htoks {
			if p := dt.terms[t.Term]; p != nil {
				p.weight += weightHeading - weightBody
			}
		}
	}
	return dt
}

// Index is the index of one language, as files relative to its folder.
type Index struct {
	Files map[string][]byte
}

// Build indexes docs (a language's pages, in the order that numbers
// them) with a, on all cores.
func Build(ctx context.Context, a *Analyzer, docs []Doc) (*Index, error) {
	per := make([]docTerms, len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				per[i] = a.analyze(docs[i], i)
			}
		}()
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	terms := map[string]*term{}
	forms := map[string]string{}
	total := 0
	for _, dt := range per {
		total += dt.len
		for k, p := range dt.terms {
			t := terms[k]
			if t == nil {
				t = &term{}
				terms[k] = t
			}
			t.postings = append(t.postings, *p)
		}
		for f, s := range dt.forms {
			forms[f] = s
		}
	}
	idx := &Index{Files: map[string][]byte{}}
	for i, d := range docs {
		idx.Files[fmt.Sprintf("d/%d.json", i)] = docFile(d)
	}
	shards := writeShards(terms, forms, idx.Files, len(docs))
	avg := 0
	if len(docs) > 0 {
		avg = total / len(docs)
	}
	meta, _ := json.Marshal(map[string]int{"v": 1, "docs": len(docs), "shards": shards, "avg": avg})
	idx.Files["meta.json"] = meta
	return idx, nil
}

// docFile is a document's file: what a result shows.
func docFile(d Doc) []byte {
	text := d.Text
	if len(text) > maxText {
		cut := maxText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	b, _ := json.Marshal(struct {
		U string `json:"u"`
		T string `json:"t"`
		X string `json:"x"`
	}{d.URL, d.Title, text})
	return b
}

// ShardKey is the string whose hash picks a term's shard: a Han term
// itself, the first three letters of a word's stem.
func ShardKey(t string) string {
	r, _ := utf8.DecodeRuneInString(t)
	if isHan(r) {
		return t
	}
	n := 0
	for i := range t {
		if n == 3 {
			return t[:i]
		}
		n++
	}
	return t
}

// Shard is the shard of a term among n.
func Shard(t string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(ShardKey(t)))
	return int(h.Sum32() % uint32(n))
}

// writeShards encodes the terms into shards, puts them in files and
// returns how many there are.
func writeShards(terms map[string]*term, forms map[string]string, files map[string][]byte, docs int) int {
	n := shardCount(docs)
	byShard := make([][]string, n)
	for k := range terms {
		s := Shard(k, n)
		byShard[s] = append(byShard[s], k)
	}
	for f, s := range forms {
		sh := Shard(s, n)
		if Resolve(f, func(c string) bool { _, ok := terms[c]; return ok && Shard(c, n) == sh }) != s {
			t := terms[s]
			if t.forms == nil {
				t.forms = map[string]struct{}{}
			}
			t.forms[f] = struct{}{}
		}
	}
	for s, keys := range byShard {
		sort.Strings(keys)
		files[fmt.Sprintf("s/%03x.bin", s)] = encodeShard(keys, terms)
	}
	return n
}

// shardCount is how many shards an index of docs documents has: it
// depends on nothing else, so that an edit under serve writes the same
// files again and leaves none behind.
func shardCount(docs int) int {
	n := 1
	for n < maxShards && n*docsPerShard < docs {
		n *= 2
	}
	return n
}

// encodeShard writes a shard's terms (see the package comment).
func encodeShard(keys []string, terms map[string]*term) []byte {
	b := []byte("SGS1")
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		t := terms[k]
		str(k)
		fs := make([]string, 0, len(t.forms))
		for f := range t.forms {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		b = binary.AppendUvarint(b, uint64(len(fs)))
		for _, f := range fs {
			str(f)
		}
		b = binary.AppendUvarint(b, uint64(len(t.postings)))
		last := 0
		for _, p := range t.postings {
			b = binary.AppendUvarint(b, uint64(p.doc-last))
			last = p.doc
			b = binary.AppendUvarint(b, uint64(p.weight))
			b = binary.AppendUvarint(b, uint64(len(p.pos)))
			prev := 0
			for _, x := range p.pos {
				b = binary.AppendUvarint(b, uint64(x-prev))
				prev = x
			}
		}
	}
	return b
}

// Resolve is the script's rule for the term of a typed, normalized word
// when the word is not among a shard's forms: the longest stem present
// (has) that the word, or the word with a final y made i, starts with, of
// at least two letters and at least half the word less one.
func Resolve(w string, has func(string) bool) string {
	n := utf8.RuneCountInString(w)
	least := max(2, (n-1)/2)
	cands := []string{w}
	if strings.HasSuffix(w, "y") {
		cands = append(cands, w[:len(w)-1]+"i")
	}
	best := ""
	for _, c := range cands {
		cut, k := len(c), utf8.RuneCountInString(c)
		for k >= least {
			if p := c[:cut]; len(p) > len(best) && has(p) {
				best = p
				break
			}
			_, sz := utf8.DecodeLastRuneInString(c[:cut])
			cut -= sz
			k--
		}
	}
	return best
}
