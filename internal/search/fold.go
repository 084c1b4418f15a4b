package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldFrom and foldTo fold Latin letters with diacritics to their base
// letters, rune by rune. The script (search.js) holds the same two strings
// (a test checks), so that a query folds as the index did.
const (
	foldFrom = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž"
	foldTo   = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz"
)

// folder maps each rune of foldFrom to its base letter.
type folder map[rune]rune

func newFolder() folder {
	f := folder{}
	to := []rune(foldTo)
	for i, r := range []rune(foldFrom) {
		f[r] = to[i]
	}
	return f
}

// Normalize lower-cases a word, folds ё to е and Latin diacritics to base
// letters. It is what both the index and the script do to every word.
func Normalize(w string) string { return defaultFolder.normalize(w) }

var defaultFolder = newFolder()

func (f folder) normalize(w string) string {
	plain := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		r = unicode.ToLower(r)
		switch {
		case r == 'ё':
			r = 'е'
		case r >= 0xC0 && r < 0x250:
			if t, ok := f[r]; ok {
				r = t
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
