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

// plain reports whether a word is already normalized: lower-case ASCII
// letters and digits, or lower-case Cyrillic without ё.
func plain(w string) bool {
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				return false
			}
		case r < 0x430 || r > 0x44F:
			return false
		}
	}
	return true
}

func (f folder) normalize(w string) string {
	if plain(w) {
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
