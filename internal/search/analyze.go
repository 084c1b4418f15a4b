package search

import (
	"slices"
	"unicode/utf8"
)

// Positions kept per document and term: a Han bigram keeps enough to find
// a run in all but the longest pages, a word enough to see it beside
// another, a single Han character none (it is only ever a query by itself).
const (
	maxBigramPositions = 32
	maxWordPositions   = 8
	titleGap           = 64 // positions between the title and the body: no phrase spans them
)

// docIndex is one document's terms, compact: terms in the order they first
// occur, with their weights and kept positions.
type docIndex struct {
	terms  []string
	weight []uint32
	end    []uint32 // term j's positions are pos[end[j-1]:end[j]]
	pos    []uint32
	forms  []string // pairs of a word and its stem, where the script needs telling
	length int      // positions used
}

// scratch is a worker's reusable memory for analyze.
type scratch struct {
	toks   []Token
	idx    []int32
	terms  []string // a document's terms and weights, copied out at their size
	weight []uint32
	local  map[string]int32
	forms  map[string]bool
	count  []int32
}

// positionsKept is how many positions a term keeps per document.
func positionsKept(t string) int {
	r, n := utf8.DecodeRuneInString(t)
	switch {
	case !isHan(r):
		return maxWordPositions
	case n == len(t):
		return 0
	}
	return maxBigramPositions
}

// positions are the kept positions of term j.
func (di *docIndex) positions(j int32) []uint32 {
	start := uint32(0)
	if j > 0 {
		start = di.end[j-1]
	}
	return di.pos[start:di.end[j]]
}

// analyze tokenizes a document, its title first, then its body; headings
// add weight to their terms.
func (a *Analyzer) analyze(d *Doc, sc *scratch) docIndex {
	if sc.local == nil {
		sc.local, sc.forms = map[string]int32{}, map[string]bool{}
	}
	clear(sc.local)
	clear(sc.forms)
	toks, pos := a.Tokens(sc.toks[:0], d.Title, 0)
	nTitle := len(toks)
	toks, end := a.Tokens(toks, d.Text, pos+titleGap)
	sc.toks = toks
	di := docIndex{length: end, terms: sc.terms[:0], weight: sc.weight[:0]}
	idx := slices.Grow(sc.idx[:0], len(toks))[:len(toks)]
	sc.idx = idx
	sc.count = sc.count[:0]
	for i, t := range toks {
		li, ok := sc.local[t.Term]
		if !ok {
			li = int32(len(di.terms))
			sc.local[t.Term] = li
			di.terms = append(di.terms, t.Term)
			di.weight = append(di.weight, 0)
			sc.count = append(sc.count, 0)
		}
		if t.Form != "" && t.Form != t.Term && !sc.forms[t.Form] {
			sc.forms[t.Form] = true
			di.forms = append(di.forms, t.Form, t.Term)
		}
		idx[i] = li
		if i < nTitle {
			di.weight[li] += weightTitle
		} else {
			di.weight[li] += weightBody
		}
		if int(sc.count[li]) < positionsKept(t.Term) {
			sc.count[li]++
		} else {
			idx[i] = -1
		}
	}
	sc.terms, sc.weight = di.terms, di.weight
	di.terms, di.weight = slices.Clone(di.terms), slices.Clone(di.weight)
	di.end = make([]uint32, len(di.terms))
	total := int32(0)
	for li, c := range sc.count {
		sc.count[li] = total // now where term li's next position goes
		total += c
		di.end[li] = uint32(total)
	}
	di.pos = make([]uint32, total)
	for i, t := range toks {
		if li := idx[i]; li >= 0 {
			di.pos[sc.count[li]] = uint32(t.Pos)
			sc.count[li]++
		}
	}
	for _, h := range d.Headings {
		sc.toks, _ = a.Tokens(sc.toks[:0], h, 0)
		for _, t := range sc.toks {
			if li, ok := sc.local[t.Term]; ok {
				di.weight[li] += weightHeading - weightBody
			}
		}
	}
	return di
}
