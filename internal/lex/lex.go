// Package lex runs chroma's regular-expression lexers with fewer tries,
// giving the same tokens as chroma does, and writes them as chroma's HTML
// formatter does, with less garbage.
//
// # Why
//
// A chroma RegexLexer finds each token by trying the rules of its current
// state in order until one matches at the current position. Every try
// costs a regexp2 call that allocates match state, even when the rule
// cannot match because its first character is not the one at hand. In
// typical code most tries fail that way, so highlighting is most of a
// build's time and most of its garbage.
//
// # How
//
// [Cache.Lexer] compiles a lexer's rules as chroma does: the same
// patterns, flags, match timeout and compile-time mutators (include,
// combined). For each rule it asks regexp2's own analysis which characters
// a match can start with, and for each state and ASCII character it lists
// the rules that remain. Tokenising follows chroma's algorithm (rule order,
// error tokens, the reset to the first state at a newline, the final
// newline) but tries only those rules. Emitters and mutators are chroma's
// own and see a chroma LexerState, so nested lexers and state pushes behave
// as they do in chroma.
//
// A lexer whose mutators are functions of its own may change its rules
// while tokenising (Raku's does); it gets a copy of the rules for each
// text, and its texts are tokenised one at a time.
//
// A lexer that is not a RegexLexer, or whose rules this package cannot
// compile, is returned unchanged: chroma then does the work, and reports
// any error itself.
//
// # Garbage
//
// At 100,000 pages the collector's cost grows with the garbage, and
// highlighting made most of it. So a token's value is a substring of the
// code, not a copy; a rule that emits one token type gets its token
// without chroma's iterator and group slices; searches go on from the last
// match's record of the text (regexp2's FindNextMatch) instead of making a
// new one; and [WriteHTML] writes tokens as they come instead of
// collecting them, splitting them into lines and formatting each with fmt.
// Most rules (spaces, names, punctuation, keywords, by-groups of token
// types) are matched without regexp2 at all (fast.go), so its Match, one
// per token, is left to the rules with named groups, lazy loops,
// back-references or lookbehinds.
//
// # Tests
//
// lex_test.go tokenises chroma's own sample files, for every lexer that has
// one, with both drivers and requires equal token streams; it also cuts
// and splices the samples to reach error paths. html_test.go requires
// WriteHTML's bytes to be chroma's formatter's on the same inputs and on
// token streams made for the formatter's edges. fast_test.go requires the
// fast matcher's match, length and groups to be regexp2's at every
// position of every sample.
package lex

import (
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Cache holds the compiled form of each lexer asked for. It is safe for
// concurrent use. The lexers are those of chroma's global registry, which
// nested lexers (Using) are looked up in.
type Cache struct {
	mu   sync.Mutex
	fast map[chroma.Lexer]chroma.Lexer
}

// Lexer returns a lexer that gives l's tokens with fewer tries, or l
// itself if l is not one this package can speed up.
func (c *Cache) Lexer(l chroma.Lexer) chroma.Lexer {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.fast[l]; ok {
		return f
	}
	if c.fast == nil {
		c.fast = map[chroma.Lexer]chroma.Lexer{}
	}
	f := l
	if rl, ok := l.(*chroma.RegexLexer); ok {
		if fl, err := compile(rl, lexers.GlobalLexerRegistry); err == nil {
			f = fl
		}
	}
	c.fast[l] = f
	return f
}
