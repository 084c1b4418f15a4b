package search

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
)

// An Index that Update has been called on keeps each term's postings as a
// shard writes them (enc, by term id; nil for a term not yet written), and
// an Update splices the edited document's entries in and out of them. A
// common word's postings hold nearly every document, and a page holds most
// common words: without the copy, each edit encoded again every posting of
// them from the documents' records, one look-up in memory each (about 0.2 s
// at 10,000 pages). A one-off Build keeps none, so it costs no memory there.

// postings appends term t's postings after their count: each a document's
// number less the one before it, and the term's record in the document.
// With enc kept, it fills enc[t] the first time.
func (x *Index) postings(b []byte, t uint32) []byte {
	if x.enc != nil && x.enc[t] != nil {
		return append(b, x.enc[t]...)
	}
	at := len(b)
	refs := x.post[t]
	for j := range refs {
		b = x.entry(b, refs, j)
	}
	if x.enc != nil { // each shard's terms are its own: no other worker writes enc[t]
		x.enc[t] = slices.Clone(b[at:])
	}
	return b
}

// entry appends refs[j]'s posting.
func (x *Index) entry(b []byte, refs []ref, j int) []byte {
	b = binary.AppendUvarint(b, uint64(refs[j].doc-prevDoc(refs, j)))
	return append(b, x.per[refs[j].doc].record(refs[j].at)...)
}

// entryLen is the length of refs[j]'s posting, after prev's.
func (x *Index) entryLen(refs []ref, j int, prev int32) int {
	r := refs[j]
	n := int(r.at & recLong)
	if n == recLong {
		n = len(x.per[r.doc].record(r.at))
	}
	return uvarintLen(uint64(r.doc-prev)) + n
}

// offset is where refs[k]'s posting starts in the term's postings.
func (x *Index) offset(refs []ref, k int) int {
	off := 0
	for j := range k {
		off += x.entryLen(refs, j, prevDoc(refs, j))
	}
	return off
}

func prevDoc(refs []ref, j int) int32 {
	if j == 0 {
		return 0
	}
	return refs[j-1].doc
}

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// spliceOut takes refs[k]'s posting out of term t's kept postings, before
// refs[k] leaves refs: the next posting's number then counts from the one
// before k.
func (x *Index) spliceOut(t uint32, refs []ref, k int) {
	if x.enc == nil || x.enc[t] == nil {
		return
	}
	off := x.offset(refs, k)
	span := x.entryLen(refs, k, prevDoc(refs, k))
	var neu []byte
	if k+1 < len(refs) {
		span += x.entryLen(refs, k+1, refs[k].doc)
		neu = binary.AppendUvarint(nil, uint64(refs[k+1].doc-prevDoc(refs, k)))
		neu = append(neu, x.per[refs[k+1].doc].record(refs[k+1].at)...)
	}
	x.enc[t] = slices.Replace(x.enc[t], off, off+span, neu...)
}

// spliceIn puts refs[k]'s posting in term t's kept postings, after refs[k]
// came into refs: the next posting's number then counts from it.
func (x *Index) spliceIn(t uint32, refs []ref, k int) {
	if x.enc == nil || x.enc[t] == nil {
		return
	}
	off := x.offset(refs, k)
	span := 0
	neu := x.entry(nil, refs, k)
	if k+1 < len(refs) {
		span = x.entryLen(refs, k+1, prevDoc(refs, k))
		neu = x.entry(neu, refs, k+1)
	}
	x.enc[t] = slices.Replace(x.enc[t], off, off+span, neu...)
}

// changes compares a document's index before and after an edit: same are
// the terms whose record is the same byte for byte, whose postings the
// edit leaves as they are, and want the shards the edit changes: those of
// the other terms, and those of the terms of a word that only one of them
// lists as a form (the shard may tell the script of the form). An edit at
// the end of a page's text leaves most records as they were, and so most
// shards.
func (x *Index) changes(old, neu *docIndex) (same map[uint32]bool, want []bool) {
	rec := make(map[uint32][]byte, len(old.terms))
	for j, t := range old.terms {
		rec[t] = old.record(old.at(j))
	}
	same, want = map[uint32]bool{}, make([]bool, x.n)
	for j, t := range neu.terms {
		if r, ok := rec[t]; ok && bytes.Equal(r, neu.record(neu.at(j))) {
			same[t] = true
		}
	}
	for _, di := range []*docIndex{old, neu} {
		for _, t := range di.terms {
			if !same[t] {
				want[x.shardOf(t)] = true
			}
		}
	}
	forms := map[uint32]int{}
	for _, w := range old.forms {
		forms[w]++
	}
	for _, w := range neu.forms {
		forms[w]--
	}
	for w, c := range forms {
		if c != 0 {
			want[x.shardOf(x.lex.wterm[w])] = true
		}
	}
	return same, want
}
