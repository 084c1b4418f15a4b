package search

import (
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
	if s, ok := a.stems.Load(w); ok {
		return s.(string)
	}
	s := stemWord(w)
	a.stems.Store(w, s)
	return s
}

func stemWord(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		return russian.Stem(w, true)
	case r < 0x250 && unicode.IsLetter(r):
		return english.Stem(w, true)
	}
	return w
}

// Words calls fn for every word and Han run of text, with its byte
// offsets, in order.
func Words(text string, fn func(word string, han bool)) {
	start, han := -1, false
	for i, r := range text {
		h, w := isHan(r), isWordRune(r)
		if start >= 0 && (h != han || !(h || w)) {
			fn(text[start:i], han)
			start = -1
		}
		if start < 0 && (h || w) {
			start, han = i, h
		}
	}
	if start >= 0 {
		fn(text[start:], han)
	}
}

// Tokens appends the terms of text to out, numbering positions from pos,
// and returns them with the next free position. A word is one position;
// a Han run of n characters takes n positions and gives n unigrams and n-1
// bigrams, the bigram at the position of its first character.
func (a *Analyzer) Tokens(out []Token, text string, pos int) ([]Token, int) {
	Words(text, func(w string, han bool) {
		if !han {
			f := Normalize(w)
			out = append(out, Token{Term: a.Stem(f), Form: f, Pos: pos})
			pos++
			return
		}
		prev := -1
		for i, r := range w {
			n := utf8.RuneLen(r)
			out = append(out, Token{Term: w[i : i+n], Pos: pos})
			if prev >= 0 {
				out = append(out, Token{Term: w[prev : i+n], Pos: pos - 1})
			}
			prev = i
			pos++
		}
	})
	return out, pos
}
