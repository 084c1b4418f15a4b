package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Token is one term at a position of a text.
type Token struct {
	Term string
	Form string // the normalized word a word's stem came from; "" for Han
	Pos  int
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

// isWordRune reports whether r belongs to a word (Han characters do not:
// they make runs of their own).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !isHan(r)
}

// classify reports whether r is a Han character and whether it belongs to
// a word: isHan and isWordRune, with the ranges of most of a page's text
// (ASCII, Cyrillic, CJK Unified Ideographs) decided without a table.
func classify(r rune) (han, word bool) {
	switch {
	case r < utf8.RuneSelf:
		return false, asciiWord(byte(r))
	case r >= 0x400 && r <= 0x4FF: // Cyrillic: letters and combining marks but ҂
		return false, r != 0x482
	case r >= 0x4E00 && r <= 0x9FFF:
		return true, false
	}
	han = isHan(r)
	return han, !han && isWordRune(r)
}

// asciiWord reports whether an ASCII character belongs to a word: a
// letter or a digit.
func asciiWord(c byte) bool { return (c|0x20)-'a' < 26 || c-'0' < 10 }

// decodeRune is utf8.DecodeRuneInString(s[i:]), with two- and three-byte
// sequences decoded inline: they are most of a Russian or Chinese text.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	switch {
	case c < utf8.RuneSelf:
		return rune(c), 1
	case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case c > 0xE0 && c < 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// Analyzer turns text into terms. It keeps the stems it has computed, as
// Snowball is the costly part and words repeat; it is safe for concurrent
// use.
type Analyzer struct {
	stems sync.Map // normalized word -> stem
}

// Stem returns the term of a normalized word: Snowball Russian for a
// Cyrillic word, Snowball English for a Latin one, the word itself
// otherwise.
func (a *Analyzer) Stem(w string) string {
	stem := stemmer(w)
	if stem == nil { // a number, say: nothing to keep
		return w
	}
	if s, ok := a.stems.Load(w); ok {
		return s.(string)
	}
	s := stem(w, true)
	// w may be a substring of a page's text: the cache keeps a copy, not
	// the page.
	a.stems.Store(strings.Clone(w), strings.Clone(s))
	return s
}

// stemmer is the Snowball stemmer of a word by its first letter, or nil
// when its stem is the word itself.
func stemmer(w string) func(w string, stopWords bool) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		return russian.Stem
	case r < 0x250 && unicode.IsLetter(r):
		return english.Stem
	}
	return nil
}

// nextWord finds the first word or Han run of text at or after byte i:
// its bounds and whether it is Han; start is len(text) when there is none.
func nextWord(text string, i int) (start, end int, han bool) {
	start = -1
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf { // most of a page's text: classify inline
			switch w := asciiWord(c); {
			case start >= 0 && (han || !w):
				return start, i, han
			case start < 0 && w:
				start, han = i, false
			}
			i++
			continue
		}
		r, sz := decodeRune(text, i)
		h, w := classify(r)
		if start >= 0 && (h != han || !(h || w)) {
			return start, i, han
		}
		if start < 0 && (h || w) {
			start, han = i, h
		}
		i += sz
	}
	if start < 0 {
		return len(text), len(text), false
	}
	return start, len(text), han
}

// Words calls fn for every word and Han run of text, in order.
func Words(text string, fn func(word string, han bool)) {
	for i := 0; i < len(text); {
		start, end, han := nextWord(text, i)
		if start < end {
			fn(text[start:end], han)
		}
		i = end
	}
}

// walk numbers the tokens of text from pos and returns the next free
// position: it calls word for every word (one position each) and han for
// every character and pair of neighbouring characters of a Han run (a run
// of n characters takes n positions; a pair is at its first character's),
// with its key (hanKey).
func walk(text string, pos int, word func(w string, pos int), han func(t string, key uint64, pos int)) int {
	for i := 0; i < len(text); {
		start, end, h := nextWord(text, i)
		i = end
		switch {
		case start == end:
		case !h:
			word(text[start:end], pos)
			pos++
		default:
			prev, pr := -1, rune(0)
			for j, r := range text[start:end] {
				j += start
				n := utf8.RuneLen(r)
				han(text[j:j+n], hanKey(0, r), pos)
				if prev >= 0 {
					han(text[prev:j+n], hanKey(pr, r), pos-1)
				}
				prev, pr = j, r
				pos++
			}
		}
	}
	return pos
}

// hanKey is a number for a Han character (a, 0) or pair (a, b) that no
// other character or pair has: runes take 21 bits, and a Han character is
// never 0.
func hanKey(a, b rune) uint64 { return uint64(a)<<21 | uint64(b) }

// Tokens appends the terms of text to out, numbering positions from pos,
// and returns them with the next free position. A word is one position;
// a Han run of n characters takes n positions and gives n unigrams and n-1
// bigrams, the bigram at the position of its first character. (The index
// reaches the same terms through its lexicon: see analyze.)
func (a *Analyzer) Tokens(out []Token, text string, pos int) ([]Token, int) {
	pos = walk(text, pos, func(w string, pos int) {
		f := Normalize(w)
		out = append(out, Token{Term: a.Stem(f), Form: f, Pos: pos})
	}, func(t string, _ uint64, pos int) {
		out = append(out, Token{Term: t, Pos: pos})
	})
	return out, pos
}
