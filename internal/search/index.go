package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits that keep downloads small: a document file holds at most maxText
// bytes of text, and an index has a shard for every docsPerShard
// documents, up to maxShards.
const (
	maxText      = 12000
	docsPerShard = 4
	maxShards    = 4096
)

// ref is a term's occurrence in a document: the document and the term's
// index in the document's docIndex.
type ref struct{ doc, local int32 }

// Index is the index of one language, as files relative to its folder.
type Index struct {
	Files map[string][]byte
}

// Build indexes docs (a language's pages, in the order that numbers
// them) with a, on all cores.
func Build(ctx context.Context, a *Analyzer, docs []Doc) (*Index, error) {
	per := make([]docIndex, len(docs))
	err := onAllCores(ctx, len(docs), func() func(int) {
		sc := new(scratch)
		return func(i int) { per[i] = a.analyze(&docs[i], sc) }
	})
	if err != nil {
		return nil, err
	}
	terms := make(map[string][]ref, 1024+len(docs)*8)
	forms := map[string]string{}
	total := 0
	for d, di := range per {
		total += di.length
		for j, t := range di.terms {
			terms[t] = append(terms[t], ref{int32(d), int32(j)})
		}
		for k := 0; k < len(di.forms); k += 2 {
			forms[di.forms[k]] = di.forms[k+1]
		}
	}
	idx := &Index{Files: make(map[string][]byte, len(docs)+shardCount(len(docs))+1)}
	n, err := writeShards(ctx, terms, forms, per, idx.Files)
	if err != nil {
		return nil, err
	}
	for i := range docs {
		idx.Files[fmt.Sprintf("d/%d.json", i)] = docFile(&docs[i])
	}
	avg := 0
	if len(docs) > 0 {
		avg = total / len(docs)
	}
	meta, _ := json.Marshal(map[string]int{"v": 1, "docs": len(docs), "shards": n, "avg": avg})
	idx.Files["meta.json"] = meta
	return idx, nil
}

// onAllCores runs a worker's fn for 0..n-1 on every core; each worker
// makes its fn once, to keep its scratch memory.
func onAllCores(ctx context.Context, n int, worker func() func(int)) error {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := worker()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return ctx.Err()
}

// docFile is a document's file: what a result shows.
func docFile(d *Doc) []byte {
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

// Shard is the shard of a term among n: FNV-1a (32 bits) of its key.
func Shard(t string, n int) int {
	h := uint32(2166136261)
	k := ShardKey(t)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return int(h % uint32(n))
}

// writeShards encodes the terms into shards, puts them in files and
// returns how many there are.
func writeShards(ctx context.Context, terms map[string][]ref, forms map[string]string, per []docIndex, files map[string][]byte) (int, error) {
	n := shardCount(len(per))
	byShard := make([][]string, n)
	for k := range terms {
		s := Shard(k, n)
		byShard[s] = append(byShard[s], k)
	}
	told := map[string][]string{} // stem -> forms the script must be told of
	for f, s := range forms {
		sh := Shard(s, n)
		if Resolve(f, func(c string) bool { _, ok := terms[c]; return ok && Shard(c, n) == sh }) != s {
			told[s] = append(told[s], f)
		}
	}
	out := make([][]byte, n)
	err := onAllCores(ctx, n, func() func(int) {
		return func(s int) {
			sort.Strings(byShard[s])
			out[s] = encodeShard(byShard[s], terms, told, per)
		}
	})
	for s, b := range out {
		files[fmt.Sprintf("s/%03x.bin", s)] = b
	}
	return n, err
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
func encodeShard(keys []string, terms map[string][]ref, told map[string][]string, per []docIndex) []byte {
	b := []byte("SGS1")
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		str(k)
		fs := told[k]
		sort.Strings(fs)
		b = binary.AppendUvarint(b, uint64(len(fs)))
		for _, f := range fs {
			str(f)
		}
		refs := terms[k]
		b = binary.AppendUvarint(b, uint64(len(refs)))
		last := int32(0)
		for _, r := range refs {
			di := &per[r.doc]
			b = binary.AppendUvarint(b, uint64(r.doc-last))
			last = r.doc
			b = binary.AppendUvarint(b, uint64(di.weight[r.local]))
			pos := di.pos[r.local]
			b = binary.AppendUvarint(b, uint64(len(pos)))
			prev := uint32(0)
			for _, x := range pos {
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
