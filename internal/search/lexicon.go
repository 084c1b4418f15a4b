package search

import (
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// Lexicon numbers a language's words and terms, so that the index holds
// small integers rather than strings and compares them with no hashing.
// A word is a normalized word or a Han character or pair; its term is the
// word's stem (a Han word's term is itself). The numbers follow the order
// in which workers first meet the words, which varies from run to run:
// nothing written depends on them, as shards list their terms in byte
// order. A Lexicon may serve build after build (its numbers only grow),
// so that documents Prepared for one are still good for the next.
type Lexicon struct {
	a     *Analyzer
	mu    sync.Mutex
	words map[string]uint32 // word -> word id
	word  []string          // by word id
	wterm []uint32          // by word id: its term id
	terms map[string]uint32 // term -> term id
	term  []string          // by term id
	// free are the scratches of the goroutines that Prepare documents,
	// one per core at most, until Release.
	free chan *scratch
}

// entry is what a worker knows of a word as it appears in a text.
type entry struct {
	term, word uint32
	keep       uint8 // positions kept per document (positionsKept)
	form       bool  // the word differs from its term: the script may need telling
}

// NewLexicon is an empty lexicon whose words are stemmed by a.
func NewLexicon(a *Analyzer) *Lexicon {
	return &Lexicon{a: a, words: map[string]uint32{}, terms: map[string]uint32{},
		free: make(chan *scratch, runtime.GOMAXPROCS(0))}
}

// Prepare analyzes d now, on the caller's goroutine, so that a Build
// with this lexicon only gathers it: a build analyzes each page in the
// worker that rendered it. Safe for concurrent use.
func (x *Lexicon) Prepare(d *Doc) {
	var sc *scratch
	select {
	case sc = <-x.free:
	default:
		sc = new(scratch)
	}
	d.prep = &prepared{x, x.analyze(d, sc)}
	select {
	case x.free <- sc:
	default:
	}
}

// Release drops the scratches of Prepare: their memory of words is keyed
// by the documents' text, which it would keep.
func (x *Lexicon) Release() {
	for {
		select {
		case <-x.free:
		default:
			return
		}
	}
}

// prepared is a document's analysis by a lexicon (Prepare).
type prepared struct {
	lex *Lexicon
	di  docIndex
}

// analysis is d's docIndex in x: its Prepared one, or else made now.
func (x *Lexicon) analysis(d *Doc, sc *scratch) docIndex {
	if d.prep != nil && d.prep.lex == x {
		return d.prep.di
	}
	return x.analyze(d, sc)
}

// lookup numbers a word as it appears in a text (raw), and its term.
func (x *Lexicon) lookup(raw string, han bool) entry {
	w := raw
	if !han {
		w = Normalize(raw)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	id, ok := x.words[w]
	if !ok {
		w = strings.Clone(w) // not the page's text, which the lexicon would keep
		t := w
		if !han {
			t = x.a.Stem(w)
		}
		tid, ok := x.terms[t]
		if !ok {
			tid = uint32(len(x.term))
			x.terms[t] = tid
			x.term = append(x.term, t)
		}
		id = uint32(len(x.word))
		x.words[w] = id
		x.word = append(x.word, w)
		x.wterm = append(x.wterm, tid)
	}
	t := x.term[x.wterm[id]]
	return entry{term: x.wterm[id], word: id, keep: uint8(positionsKept(t)), form: t != x.word[id]}
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
