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

// scratch is a worker's memory, reused from document to document of one
// Build: the entries of the words it has met (keyed by the text as it
// appears, so that most words cost one look-up and no allocation: short
// ones in wordTables (see table), longer ones in a map whose keys are the
// documents' text, so a scratch lives no longer than they), and per term and word id
// where the current document (gen) has them.
type scratch struct {
	short  wordTable
	digits wordTable // words with a digit
	han    wordTable // Han characters and pairs, by hanKey
	seen   map[string]entry
	slot   []int32  // by term id: its index in the document's terms
	stamp  []uint32 // by term id: the gen that slot is of
	wstamp []uint32 // by word id: the gen that listed the word as a form
	gen    uint32
	terms  []uint32 // the document's term ids, in the order they first occur
	local  []local  // by index in terms
	pos    []uint32 // the kept positions: term j's from local[j].off
	forms  []uint32
	enc    []byte
}

// local is what a document being analyzed has of one of its terms: its
// weight, how many positions it has kept, and where they start in
// scratch.pos (a term has room for as many as it keeps, from its first
// occurrence on, so that a token is counted and placed in one step and
// the positions come out in the order of the terms).
type local struct {
	weight, count, off uint32
}

// entry is the entry of a word of text, from the worker's memory or else
// the lexicon.
func (sc *scratch) entry(x *lexicon, raw string) entry {
	var e entry
	var ok bool
	t := sc.table(raw)
	if t != nil {
		e, ok = t.get(raw)
	} else {
		e, ok = sc.seen[raw]
	}
	if !ok {
		e = sc.meet(x, raw, false)
		if t != nil {
			t.put(raw, e)
		} else {
			sc.seen[raw] = e
		}
	}
	return e
}

// hanEntry is the entry of a Han character or pair t, whose hanKey is key:
// they are over half the tokens of a page with Chinese in it, and a key
// of one number costs less to find than the text's bytes.
func (sc *scratch) hanEntry(x *lexicon, t string, key uint64) entry {
	e, ok := sc.han.getKey(key, 0, hanSize)
	if !ok {
		e = sc.meet(x, t, true)
		sc.han.putKey(key, 0, hanSize, e)
	}
	return e
}

// hanSize is the size a Han key has in a wordTable: no word's.
const hanSize = maxTableWord + 1

// meet is the entry of a word the worker meets for the first time, from
// the lexicon, and makes room for its term and word in the per-id arrays.
func (sc *scratch) meet(x *lexicon, raw string, han bool) entry {
	e := x.lookup(raw, han)
	if n := int(e.term) + 1; n > len(sc.slot) {
		sc.slot = append(sc.slot, make([]int32, n-len(sc.slot))...)
		sc.stamp = append(sc.stamp, make([]uint32, n-len(sc.stamp))...)
	}
	if n := int(e.word) + 1; n > len(sc.wstamp) {
		sc.wstamp = append(sc.wstamp, make([]uint32, n-len(sc.wstamp))...)
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

// add counts a token of term e.term at pos, of weight w, in the
// document being analyzed.
func (sc *scratch) add(e entry, pos, w uint32) {
	id := e.term
	var lt *local
	if sc.stamp[id] != sc.gen {
		sc.stamp[id], sc.slot[id] = sc.gen, int32(len(sc.terms))
		sc.terms = append(sc.terms, id)
		off := len(sc.pos)
		sc.pos = slices.Grow(sc.pos, int(e.keep))[:off+int(e.keep)]
		sc.local = append(sc.local, local{off: uint32(off)})
		lt = &sc.local[len(sc.local)-1]
	} else {
		lt = &sc.local[sc.slot[id]]
	}
	if e.form && sc.wstamp[e.word] != sc.gen {
		sc.wstamp[e.word] = sc.gen
		sc.forms = append(sc.forms, e.word)
	}
	lt.weight += w
	if lt.count < uint32(e.keep) {
		sc.pos[lt.off+lt.count] = pos
		lt.count++
	}
}

// tokens counts text's tokens from position pos, each of weight w, and
// returns the next free position.
func (sc *scratch) tokens(x *lexicon, text string, pos int, w uint32) int {
	return walk(text, pos, func(t string, pos int) {
		sc.add(sc.entry(x, t), uint32(pos), w)
	}, func(t string, key uint64, pos int) {
		sc.add(sc.hanEntry(x, t, key), uint32(pos), w)
	})
}

// heading adds the weight of a heading to those of its terms that the
// document has.
func (sc *scratch) heading(x *lexicon, h string) {
	up := func(e entry) {
		if sc.stamp[e.term] == sc.gen {
			sc.local[sc.slot[e.term]].weight += weightHeading - weightBody
		}
	}
	walk(h, 0, func(t string, _ int) { up(sc.entry(x, t)) }, func(t string, key uint64, _ int) { up(sc.hanEntry(x, t, key)) })
}

// analyze tokenizes a document, its title first, then its body; headings
// add weight to their terms.
func (x *lexicon) analyze(d *Doc, sc *scratch) docIndex {
	if sc.seen == nil {
		sc.seen = map[string]entry{}
	}
	sc.gen++
	sc.terms, sc.local, sc.pos, sc.forms = sc.terms[:0], sc.local[:0], sc.pos[:0], sc.forms[:0]
	next := sc.tokens(x, d.Title, 0, weightTitle)
	sc.tokens(x, d.Text, next+titleGap, weightBody)
	for _, h := range d.Headings {
		sc.heading(x, h)
	}
	var di docIndex
	if len(sc.forms) > 0 {
		di.forms = slices.Clone(sc.forms)
	}
	// terms and end in one allocation: a document's index is kept until
	// its language's index is written.
	both := make([]uint32, 2*len(sc.terms))
	di.terms, di.end = both[:len(sc.terms):len(sc.terms)], both[len(sc.terms):]
	copy(di.terms, sc.terms)
	enc := sc.enc[:0]
	for li, lt := range sc.local {
		if len(enc) >= maxRecs { // the rest of a page of tens of megabytes goes unindexed
			di.terms, di.end = di.terms[:li], di.end[:li]
			break
		}
		enc = binary.AppendUvarint(enc, uint64(lt.weight))
		enc = binary.AppendUvarint(enc, uint64(lt.count))
		prev := uint32(0)
		for _, p := range sc.pos[lt.off : lt.off+lt.count] {
			enc = binary.AppendUvarint(enc, uint64(p-prev))
			prev = p
		}
		di.end[li] = uint32(len(enc))
	}
	di.rec = make([]byte, len(enc))
	copy(di.rec, enc)
	sc.enc = enc
	return di
}
