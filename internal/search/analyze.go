package search

import (
	"encoding/binary"
	"slices"
)

// Positions kept per document and term: a Han bigram keeps enough to find
// a run in all but the longest pages, a word enough to see it beside
// another, a single Han character none (it is only ever a query by itself).
const (
	maxBigramPositions = 32
	maxWordPositions   = 8
	titleGap           = 64 // positions between the title and the body: no phrase spans them
)

// docIndex is one document's terms, compact: term ids in the order they
// first occur, and for each its record as a shard writes it: weight,
// count of kept positions, position deltas, as uvarints (see the package
// comment), so that encoding a shard copies records rather than looking
// up and encoding each number, and positions take a quarter of the
// memory of uint32s.
type docIndex struct {
	terms []uint32
	end   []uint32 // term j's record is rec[end[j-1]:end[j]]
	rec   []byte
	forms []uint32 // ids of the words whose term differs from them
}

// at is where term j's record starts in rec, shifted up 8 bits, with its
// length in the low 8 (recLong for a record that long or longer, which
// record reads): a shard's encoder then copies each posting's record
// without decoding the uvarints it is made of.
func (di *docIndex) at(j int) uint32 {
	from := uint32(0)
	if j > 0 {
		from = di.end[j-1]
	}
	return from<<8 | min(di.end[j]-from, recLong)
}

// recLong marks a record whose length at does not hold: a record is a
// weight, a count and at most maxBigramPositions position deltas, of at
// most three bytes each in a page of up to two million words, so few ever
// are. A document's records start within maxRecs bytes, which at leaves
// for where one starts: analyze indexes no term after that, which only a
// page of tens of megabytes of text reaches.
const (
	recLong = 255
	maxRecs = 1 << 24
)

// tok is a token of a document being analyzed.
type tok struct {
	e   entry
	pos uint32
}

// scratch is a worker's memory, reused from document to document of one
// Build: the entries of the words it has met (keyed by the text as it
// appears, so that most words cost one look-up and no allocation: short
// ones in wordTables (see table), longer ones in a map whose keys are the
// documents' text, so a scratch lives no longer than they), and per term and word id
// where the current document (gen) has them.
type scratch struct {
	short  wordTable
	digits wordTable // words with a digit
	seen   map[string]entry
	toks   []tok
	idx    []int32
	slot   []int32  // by term id: its index in the document's terms
	stamp  []uint32 // by term id: the gen that slot is of
	wstamp []uint32 // by word id: the gen that listed the word as a form
	gen    uint32
	terms  []uint32
	weight []uint32
	count  []uint32
	pos    []uint32 // the kept positions, by term
	enc    []byte
}

// entry is the entry of a word of text, from the worker's memory or else
// the lexicon.
func (sc *scratch) entry(x *lexicon, raw string, han bool) entry {
	var e entry
	var ok bool
	t := sc.table(raw)
	if t != nil {
		e, ok = t.get(raw)
	} else {
		e, ok = sc.seen[raw]
	}
	if !ok {
		e = x.lookup(raw, han)
		if t != nil {
			t.put(raw, e)
		} else {
			sc.seen[raw] = e
		}
		if n := int(e.term) + 1; n > len(sc.slot) {
			sc.slot = append(sc.slot, make([]int32, n-len(sc.slot))...)
			sc.stamp = append(sc.stamp, make([]uint32, n-len(sc.stamp))...)
		}
		if n := int(e.word) + 1; n > len(sc.wstamp) {
			sc.wstamp = append(sc.wstamp, make([]uint32, n-len(sc.wstamp))...)
		}
	}
	return e
}

// table is the wordTable that holds raw, nil for a word too long for one.
// Words with digits have their own: most are met once (the numbers of a
// page's code and tables), and among the other words they would spread a
// page's common words over many times the memory, most of it out of the
// processor's cache.
func (sc *scratch) table(raw string) *wordTable {
	if len(raw) > maxTableWord {
		return nil
	}
	for i := 0; i < len(raw); i++ {
		if raw[i]-'0' < 10 {
			return &sc.digits
		}
	}
	return &sc.short
}

// tokens appends text's tokens to sc.toks from position pos and returns
// the next free position.
func (sc *scratch) tokens(x *lexicon, text string, pos int) int {
	return walk(text, pos, func(w string, pos int) {
		sc.toks = append(sc.toks, tok{sc.entry(x, w, false), uint32(pos)})
	}, func(t string, pos int) {
		sc.toks = append(sc.toks, tok{sc.entry(x, t, true), uint32(pos)})
	})
}

// analyze tokenizes a document, its title first, then its body; headings
// add weight to their terms.
func (x *lexicon) analyze(d *Doc, sc *scratch) docIndex {
	if sc.seen == nil {
		sc.seen = map[string]entry{}
	}
	sc.gen++
	sc.toks = sc.toks[:0]
	next := sc.tokens(x, d.Title, 0)
	nTitle := len(sc.toks)
	sc.tokens(x, d.Text, next+titleGap)
	var di docIndex
	terms, weight, count := sc.terms[:0], sc.weight[:0], sc.count[:0]
	idx := slices.Grow(sc.idx[:0], len(sc.toks))[:len(sc.toks)]
	for i, t := range sc.toks {
		id := t.e.term
		if sc.stamp[id] != sc.gen {
			sc.stamp[id], sc.slot[id] = sc.gen, int32(len(terms))
			terms, weight, count = append(terms, id), append(weight, 0), append(count, 0)
		}
		li := sc.slot[id]
		if t.e.form && sc.wstamp[t.e.word] != sc.gen {
			sc.wstamp[t.e.word] = sc.gen
			di.forms = append(di.forms, t.e.word)
		}
		if i < nTitle {
			weight[li] += weightTitle
		} else {
			weight[li] += weightBody
		}
		idx[i] = -1
		if count[li] < uint32(t.e.keep) {
			count[li]++
			idx[i] = li
		}
	}
	di.terms = slices.Clone(terms)
	total := uint32(0)
	for li, c := range count {
		count[li] = total // now where term li's next position goes
		total += c
	}
	pos := slices.Grow(sc.pos[:0], int(total))[:total]
	for i, t := range sc.toks {
		if li := idx[i]; li >= 0 {
			pos[count[li]] = t.pos
			count[li]++
		}
	}
	for _, h := range d.Headings { // reuses sc.toks
		sc.toks = sc.toks[:0]
		sc.tokens(x, h, 0)
		for _, t := range sc.toks {
			if sc.stamp[t.e.term] == sc.gen {
				weight[sc.slot[t.e.term]] += weightHeading - weightBody
			}
		}
	}
	di.end = make([]uint32, len(terms))
	enc, from := sc.enc[:0], uint32(0)
	for li, to := range count { // count[li] is now where term li's positions end
		if len(enc) >= maxRecs { // the rest of a page of tens of megabytes goes unindexed
			di.terms, di.end = di.terms[:li], di.end[:li]
			break
		}
		enc = binary.AppendUvarint(enc, uint64(weight[li]))
		enc = binary.AppendUvarint(enc, uint64(to-from))
		prev := uint32(0)
		for _, p := range pos[from:to] {
			enc = binary.AppendUvarint(enc, uint64(p-prev))
			prev = p
		}
		di.end[li], from = uint32(len(enc)), to
	}
	di.rec = slices.Clone(enc)
	sc.pos, sc.enc = pos, enc
	sc.terms, sc.weight, sc.count, sc.idx = terms, weight, count, idx
	return di
}
