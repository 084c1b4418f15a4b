package lex

import "unicode/utf8"

// source gives token values as substrings of the text being tokenised,
// so that a token costs no allocation. chroma's lexers work on runes;
// source maps rune positions back to bytes.
type source struct {
	text  string
	runes []rune  // the text's runes, as the lexer state holds them
	at    []int32 // byte offset of each rune and of the end; nil if all are ASCII
	valid bool    // whether text is valid UTF-8
}

func newSource(text string, runes []rune) source {
	s := source{text: text, runes: runes, valid: utf8.ValidString(text)}
	if s.valid && len(runes) != len(text) {
		s.at = make([]int32, 0, len(runes)+1)
		for i := range text {
			s.at = append(s.at, int32(i))
		}
		s.at = append(s.at, int32(len(text)))
	}
	return s
}

// slice returns the text of runes [i, j). Invalid UTF-8 became U+FFFD in
// the runes, so such a text is sliced as runes, as chroma does.
func (s *source) slice(i, j int) string {
	switch {
	case i >= j:
		return ""
	case !s.valid:
		return string(s.runes[i:j])
	case s.at == nil:
		return s.text[i:j]
	}
	return s.text[s.at[i]:s.at[j]]
}

// same reports whether runes is the slice this source was made for (a
// mutator could, in principle, replace the lexer state's text).
func (s *source) same(runes []rune) bool {
	return len(runes) == len(s.runes) && len(runes) > 0 && &runes[0] == &s.runes[0]
}
