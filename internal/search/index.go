package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Limits that keep downloads small and files few: a document's text is
// at most maxText bytes, a document file holds docsPerFile documents, and
// an index has a shard for every docsPerShard documents, up to maxShards.
const (
	maxText      = 12000
	docsPerFile  = 4
	docsPerShard = 4
	maxShards    = 4096
)

// ref is a term's occurrence in a document: the document and where the
// term's record is in the document's docIndex (docIndex.at: its start and
// length in one word, which saves a look-up in memory the shard's encoder
// would wait for).
type ref struct {
	doc int32
	at  uint32
}

// Index is the index of one language: what Update needs to write its
// files again for an edited document.
type Index struct {
	docs  []Doc // for the document files an Update writes again
	lex   *lexicon
	per   []docIndex
	post  [][]ref  // by term id: the documents that hold it, in document order
	forms []int32  // by word id: how many documents list it as a form
	n     int      // shards
	enc   [][]byte // by term id: its postings as a shard writes them, once Update is called (postings.go)
	shard []uint16 // by term id: its shard, as far as shardOf has been asked
}

// WriteFunc takes a file of an index, by its name relative to the
// index's folder; Build calls it from several goroutines at once, and
// keeps no file once it is given, so that a language's index is never
// whole in memory. data is the caller's only until write returns: Build
// makes every file in a buffer it reuses (a write that keeps data copies
// it), which saves allocating the index's size again, 95 MB at 10,000
// pages.
type WriteFunc func(name string, data []byte) error

// Build indexes docs (a language's pages, in the order that numbers
// them) with a, on all cores, and gives write every file of the index.
// The index keeps docs, which Update changes.
func Build(ctx context.Context, a *Analyzer, docs []Doc, write WriteFunc) (*Index, error) {
	x := &Index{docs: docs, lex: newLexicon(a), per: make([]docIndex, len(docs)), n: shardCount(len(docs))}
	err := onAllCores(ctx, (len(docs)+docsPerFile-1)/docsPerFile, func() func(int) error {
		sc := new(scratch)
		var buf []byte
		return func(f int) error {
			for i := f * docsPerFile; i < min(len(docs), (f+1)*docsPerFile); i++ {
				x.per[i] = x.lex.analyze(&docs[i], sc)
			}
			buf = x.docFile(buf[:0], f)
			return write(docFileName(f), buf)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := x.postAll(ctx); err != nil {
		return nil, err
	}
	if err := x.encode(ctx, nil, write); err != nil {
		return nil, err
	}
	meta, _ := json.Marshal(map[string]int{"v": indexVersion, "docs": len(docs), "shards": x.n, "per": docsPerFile})
	return x, write("meta.json", meta)
}

// postAll lists every document under its terms and counts its forms: the
// postings of all terms share one array, each term's part capped, so that
// an Update's insert moves the term's postings out rather than over its
// neighbour's. The postings are filled on every core, each worker the
// terms of one range of ids (about as many postings each), reading every
// document's terms in order: a posting is a scattered write, the reads
// are in sequence.
func (x *Index) postAll(ctx context.Context) error {
	count := make([]int32, len(x.lex.term))
	x.forms = make([]int32, len(x.lex.word))
	total := 0
	for d := range x.per {
		for _, t := range x.per[d].terms {
			count[t]++
		}
		for _, w := range x.per[d].forms {
			x.forms[w]++
		}
		total += len(x.per[d].terms)
	}
	flat := make([]ref, total)
	x.post = make([][]ref, len(count))
	parts := max(1, min(runtime.GOMAXPROCS(0), total/4096))
	bounds := make([]uint32, 0, parts+1)
	off := 0
	for t, c := range count {
		if len(bounds) < parts && off*parts >= len(bounds)*total {
			bounds = append(bounds, uint32(t))
		}
		x.post[t] = flat[off : off : off+int(c)]
		off += int(c)
	}
	bounds = append(bounds, uint32(len(count)))
	return onAllCores(ctx, len(bounds)-1, func() func(int) error {
		return func(p int) error {
			lo, hi := bounds[p], bounds[p+1]
			for d := range x.per {
				di := &x.per[d]
				for j, t := range di.terms {
					if t-lo < hi-lo {
						x.post[t] = append(x.post[t], ref{int32(d), di.at(j)})
					}
				}
			}
			return nil
		}
	})
}

// Update replaces document i with d and returns the files that this
// changes (the document's and those of the shards of its terms whose
// record or forms differ, before and after): those Build would write for
// the new documents.
func (x *Index) Update(ctx context.Context, i int, d *Doc) (map[string][]byte, error) {
	neu := x.lex.analyze(d, new(scratch))
	same, want := x.changes(&x.per[i], &neu)
	if x.enc == nil {
		x.enc = make([][]byte, len(x.post))
	}
	x.remove(int32(i), same)
	x.per[i] = neu
	x.add(int32(i), same)
	x.docs[i] = *d
	files := map[string][]byte{docFileName(i / docsPerFile): x.docFile(nil, i/docsPerFile)}
	var mu sync.Mutex
	err := x.encode(ctx, want, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = slices.Clone(data)
		return nil
	})
	return files, err
}

// add puts document d's terms and forms in the index, in document order;
// a term in same (Update's) is there already, and only where its record
// is moves.
func (x *Index) add(d int32, same map[uint32]bool) {
	di := &x.per[d]
	if n := len(x.lex.term); n > len(x.post) {
		x.post = append(x.post, make([][]ref, n-len(x.post))...)
	}
	if n := len(x.post); x.enc != nil && n > len(x.enc) {
		x.enc = append(x.enc, make([][]byte, n-len(x.enc))...)
	}
	if n := len(x.lex.word); n > len(x.forms) {
		x.forms = append(x.forms, make([]int32, n-len(x.forms))...)
	}
	for j, t := range di.terms {
		refs := x.post[t]
		if same[t] {
			k, _ := slices.BinarySearchFunc(refs, d, byDoc)
			refs[k].at = di.at(j)
			continue
		}
		k := len(refs)
		for k > 0 && refs[k-1].doc > d {
			k--
		}
		x.post[t] = slices.Insert(refs, k, ref{d, di.at(j)})
		x.spliceIn(t, x.post[t], k)
	}
	for _, w := range di.forms {
		x.forms[w]++
	}
}

// remove takes document d's terms and forms out of the index, but for the
// terms in same (Update's).
func (x *Index) remove(d int32, same map[uint32]bool) {
	di := &x.per[d]
	for _, t := range di.terms {
		if same[t] {
			continue
		}
		refs := x.post[t]
		k, _ := slices.BinarySearchFunc(refs, d, byDoc)
		x.spliceOut(t, refs, k)
		x.post[t] = slices.Delete(refs, k, k+1)
	}
	for _, w := range di.forms {
		x.forms[w]--
	}
}

func byDoc(r ref, d int32) int { return int(r.doc - d) }

// onAllCores runs a worker's fn for 0..n-1 on every core, until the
// first error; each worker makes its fn once, to keep its scratch memory.
// Workers take the next number from a counter rather than a channel, whose
// every hand-over may wake a sleeping thread: an index has thousands of
// files to make.
func onAllCores(ctx context.Context, n int, worker func() func(int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := worker()
			for i := int(next.Add(1) - 1); i < n && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				if err := fn(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	wg.Wait()
	return context.Cause(ctx)
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

// shardOf is term t's shard, kept (an Update's encode asks it of every
// term).
func (x *Index) shardOf(t uint32) int {
	for len(x.shard) <= int(t) {
		x.shard = append(x.shard, uint16(Shard(x.lex.term[len(x.shard)], x.n)))
	}
	return int(x.shard[t])
}

// encode writes the shards in want (by shard; nil: all).
func (x *Index) encode(ctx context.Context, want []bool, write WriteFunc) error {
	byShard := make([][]uint32, x.n)
	for t, refs := range x.post {
		if len(refs) == 0 {
			continue
		}
		if s := x.shardOf(uint32(t)); want == nil || want[s] {
			byShard[s] = append(byShard[s], uint32(t))
		}
	}
	told := map[uint32][]string{} // term id -> forms the script must be told of
	for w, c := range x.forms {
		if c == 0 {
			continue
		}
		t := x.lex.wterm[w]
		stem := x.lex.term[t]
		sh := x.shardOf(t)
		if want != nil && !want[sh] {
			continue
		}
		has := func(c string) bool {
			id, ok := x.lex.terms[c]
			return ok && len(x.post[id]) > 0 && Shard(c, x.n) == sh
		}
		if Resolve(x.lex.word[w], has) != stem {
			told[t] = append(told[t], x.lex.word[w])
		}
	}
	shards := make([]int, 0, x.n)
	for s := 0; s < x.n; s++ {
		if want == nil || want[s] {
			shards = append(shards, s)
		}
	}
	return onAllCores(ctx, len(shards), func() func(int) error {
		var buf []byte
		return func(i int) error {
			keys := byShard[shards[i]]
			slices.SortFunc(keys, func(a, b uint32) int { return strings.Compare(x.lex.term[a], x.lex.term[b]) })
			buf = x.encodeShard(buf[:0], keys, told)
			return write(fmt.Sprintf("s/%03x.bin", shards[i]), buf)
		}
	})
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

// encodeShard appends a shard of terms to b (see the package comment).
func (x *Index) encodeShard(b []byte, keys []uint32, told map[uint32][]string) []byte {
	b = append(b, shardMagic...)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		str(x.lex.term[k])
		fs := told[k]
		sort.Strings(fs)
		b = binary.AppendUvarint(b, uint64(len(fs)))
		for _, f := range fs {
			str(f)
		}
		// The postings go after their length, which is known once they
		// are written: they are written first and moved up.
		at := len(b)
		refs := x.post[k]
		b = binary.AppendUvarint(b, uint64(len(refs)))
		b = x.postings(b, k)
		n := len(b) - at
		var size [binary.MaxVarintLen64]byte
		k := binary.PutUvarint(size[:], uint64(n))
		b = append(b, size[:k]...)
		copy(b[at+k:], b[at:at+n])
		copy(b[at:], size[:k])
	}
	return b
}

// record is the record that at (docIndex.at) points to.
func (di *docIndex) record(at uint32) []byte {
	from, n := at>>8, at&recLong
	if n < recLong {
		return di.rec[from : from+n]
	}
	return record(di.rec[from:])
}

// record is the record at the start of rec: weight, count and that many
// position deltas.
func record(rec []byte) []byte {
	n := 0
	skip := func() uint64 {
		x, k := binary.Uvarint(rec[n:])
		n += k
		return x
	}
	skip()
	for c := skip(); c > 0; c-- {
		skip()
	}
	return rec[:n]
}

// Resolve is the script's rule for the term of a typed, normalized word
// when the word is not among a shard's forms: the longest stem present
// (has) that the word, or the word with a final y made i, starts with, of
// at least two letters (a one-letter word: itself) and at least half the
// word less one.
func Resolve(w string, has func(string) bool) string {
	n := utf8.RuneCountInString(w)
	least := min(n, max(2, (n-1)/2)) // a one-letter word only as itself
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
