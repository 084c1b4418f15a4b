package search

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// lexicon numbers a language's words and terms, so that the index holds
// small integers rather than strings and compares them with no hashing.
// A word is a normalized word that has a stemmer; its term is the word's
// stem. A Han character or pair, or a word without a stemmer (a number),
// is a term and nothing else. The numbers follow the order
// in which workers first meet the words, which varies from run to run:
// nothing written depends on them, as shards list their terms in byte
// order.
type lexicon struct {
	a     *Analyzer
	mu    sync.Mutex
	words map[string]uint32 // word -> word id
	word  []string          // by word id
	wterm []uint32          // by word id: its term id
	terms map[string]uint32 // term -> term id
	term  []string          // by term id
}

// entry is what a worker knows of a word as it appears in a text.
type entry struct {
	term, word uint32
	keep       uint8 // positions kept per document (positionsKept)
	form       bool  // the word differs from its term: the script may need telling
}

func newLexicon(a *Analyzer) *lexicon {
	return &lexicon{a: a, words: map[string]uint32{}, terms: map[string]uint32{}}
}

// lookup numbers a word as it appears in a text (raw), and its term. A
// new word that has a stemmer is stemmed outside the lock, which the other
// workers wait for. One that has none (a Han word, a number: most of a
// big site's new words are numbers in its code and tables) is its own
// term, never a form, and so needs no word id (word ids serve the forms):
// it costs one locked look-up of the terms.
func (x *lexicon) lookup(raw string, han bool) entry {
	w, stems := raw, false
	if !han {
		w = Normalize(raw)
		stems = stemmer(w) != nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if !stems {
		tid, ok := x.terms[w]
		if !ok {
			tid = x.addTerm(strings.Clone(w)) // not the page's text, which the lexicon would keep
		}
		return entry{term: tid, keep: uint8(positionsKept(w))}
	}
	id, ok := x.words[w]
	if !ok {
		x.mu.Unlock()
		t := x.a.Stem(w)
		x.mu.Lock()
		if id, ok = x.words[w]; !ok { // another worker may have put it in meanwhile
			id = x.add(w, t)
		}
	}
	return x.entry(id)
}

// addTerm numbers a new term t; x.mu is held.
func (x *lexicon) addTerm(t string) uint32 {
	tid := uint32(len(x.term))
	x.terms[t] = tid
	x.term = append(x.term, t)
	return tid
}

// add numbers a new word w whose term is t, and t if it is new; x.mu is
// held.
func (x *lexicon) add(w, t string) uint32 {
	same := t == w
	w = strings.Clone(w) // not the page's text, which the lexicon would keep
	tid, ok := x.terms[t]
	if !ok {
		if same {
			t = w
		} else {
			t = strings.Clone(t)
		}
		tid = x.addTerm(t)
	}
	id := uint32(len(x.word))
	x.words[w] = id
	x.word = append(x.word, w)
	x.wterm = append(x.wterm, tid)
	return id
}

// entry is word id's entry; x.mu is held.
func (x *lexicon) entry(id uint32) entry {
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
