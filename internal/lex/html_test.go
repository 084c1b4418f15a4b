package lex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// chromaHTML is what sitegen wrote before WriteHTML: chroma's formatter
// with classes over chroma.Coalesce's tokens.
func chromaHTML(t testing.TB, l chroma.Lexer, text string) string {
	t.Helper()
	it, err := chroma.Coalesce(l).Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := chromahtml.New(chromahtml.WithClasses(true)).Format(&b, styles.Fallback, it); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeHTML(t testing.TB, l chroma.Lexer, text string) string {
	t.Helper()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteHTML(&b, it); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fixed is a lexer that gives the same tokens whatever the text.
type fixed struct {
	chroma.Lexer
	toks []chroma.Token
}

func (f fixed) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	return chroma.Literator(f.toks...), nil
}

// TestSameHTMLAsChroma: WriteHTML writes the bytes chroma's formatter
// writes, for every sample of chroma's test data and its pieces, and for
// token streams made to reach the edges: long runs of one type, empty
// tokens, newlines inside and at the ends of tokens, types without a
// class, characters to escape.
func TestSameHTMLAsChroma(t *testing.T) {
	var c Cache
	for name, texts := range chromaSamples(t) {
		slow := lexers.Get(name)
		if slow == nil {
			continue
		}
		fast := c.Lexer(slow)
		for _, text := range texts {
			for vname, v := range variants(text) {
				stalls := stallsOf(fast)
				if _, err := tokens(fast, v); err != nil || stallsOf(fast) != stalls {
					continue // chroma would fail or loop; TestSameTokensAsChroma covers it
				}
				if got, want := writeHTML(t, fast, v), chromaHTML(t, fast, v); got != want {
					t.Errorf("%s %s: %s", name, vname, firstByteDifference(got, want))
				}
			}
		}
	}
	tok := func(tt chroma.TokenType, v string) chroma.Token { return chroma.Token{Type: tt, Value: v} }
	streams := map[string][]chroma.Token{
		"nothing":          nil,
		"empty tokens":     {tok(chroma.Keyword, ""), tok(chroma.Text, ""), tok(chroma.Keyword, "")},
		"one newline":      {tok(chroma.Text, "\n")},
		"newlines":         {tok(chroma.Comment, "\n\n\n")},
		"no final newline": {tok(chroma.Keyword, "func"), tok(chroma.Text, " "), tok(chroma.NameFunction, "f")},
		"split lines":      {tok(chroma.LiteralString, "\"a\nb\n"), tok(chroma.LiteralString, "\nc\""), tok(chroma.Text, "\n")},
		"no class":         {tok(chroma.Text, "a<b>&'\"\n"), tok(chroma.TokenType(987654), "x\n"), tok(chroma.Background, "y")},
		"subtype":          {tok(chroma.NameBuiltinPseudo, "self"), tok(chroma.LiteralNumberIntegerLong, "1L\n")},
		"run over 8192":    repeat(tok(chroma.Keyword, "abc"), 6000),
		"lines over 8192":  repeat(tok(chroma.Comment, "// a comment line\n"), 1000),
		"alternating":      repeat2(tok(chroma.Keyword, "if"), tok(chroma.Text, " \n"), 300),
	}
	base := lexers.Get("go")
	for name, toks := range streams {
		l := fixed{Lexer: base, toks: toks}
		if got, want := writeHTML(t, l, ""), chromaHTML(t, l, ""); got != want {
			t.Errorf("%s: %s", name, firstByteDifference(got, want))
		}
	}
}

func repeat(tok chroma.Token, n int) []chroma.Token {
	out := make([]chroma.Token, n)
	for i := range out {
		out[i] = tok
	}
	return out
}

func repeat2(a, b chroma.Token, n int) []chroma.Token {
	var out []chroma.Token
	for range n {
		out = append(out, a, b)
	}
	return out
}

func firstByteDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-40)
	return fmt.Sprintf("differs at byte %d:\n got %q\nwant %q", i, got[from:min(len(got), i+60)], want[from:min(len(want), i+60)])
}
