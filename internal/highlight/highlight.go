// Package highlight is the one seam between Markdown and code
// highlighting: a fenced code block's language and text go in, its HTML
// comes out.
//
// # Engines
//
// Both engines write the same bytes: chroma's HTML formatter with CSS
// classes (the colours live in one stylesheet, css/syntax.css) over
// chroma.Coalesce's tokens, for the lexer chroma finds for the language,
// or chroma's plain-text fallback.
//
//   - "lex", the default: internal/lex, chroma's lexers run with fewer
//     tries and written with less garbage.
//   - "chroma": chroma itself, the reference; chosen with
//     [markup.highlight] engine = "chroma" in sitegen.toml.
//
// internal/build's TestEnginesAgree builds the forum site and a generated
// corpus with each engine and requires the same HTML.
//
// # Version
//
// A cache of highlighted blocks (internal/cache) must not outlive a change
// in what an engine writes. [Highlighter.Version] names that output: the
// engine's name (so that two engines never share a block), a hash of the
// engine's HTML for the formatter's samples and the language's samples
// (samples/), and the versions of the chroma and regexp2 modules. It is
// worked out once per Highlighter and lexer, when first asked, for the
// price of highlighting a few short samples with a lexer the build
// compiles anyway; a build without a cache never asks. version_test.go
// holds the samples' output to the engine's output on chroma's whole
// sample corpus, and fails when that changes while the samples' does not.
package highlight

import (
	"fmt"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/sitegen/sitegen/internal/config"
	"github.com/sitegen/sitegen/internal/lex"
)

// Writer is what a Highlighter writes to: goldmark's util.BufWriter, a
// bytes.Buffer or a strings.Builder.
type Writer = lex.Writer

// Highlighter writes code blocks as HTML. It is safe for concurrent use.
type Highlighter interface {
	// Highlight writes code, in the language a fence names (chroma's
	// names, aliases and file extensions; anything else is plain text),
	// as HTML.
	Highlight(w Writer, lang, code string) error
	// Version names what Highlight writes for lang; it changes whenever
	// that output may (but see Modules).
	Version(lang string) string
}

// New returns the engine of that name (config.EngineLex or
// config.EngineChroma).
func New(engine string) (Highlighter, error) {
	switch engine {
	case config.EngineLex:
		return Lex(), nil
	case config.EngineChroma:
		c := &chromaEngine{format: chromahtml.New(chromahtml.WithClasses(true))}
		c.versions = versions{name: config.EngineChroma, engine: c}
		return c, nil
	}
	return nil, fmt.Errorf("no highlighting engine %q", engine)
}

// Lex returns the default engine, internal/lex.
func Lex() Highlighter {
	l := &lexEngine{}
	l.versions = versions{name: config.EngineLex, engine: l}
	return l
}

// lookup finds chroma's lexer for a fence's language once per name:
// chroma's own lookup of a name it does not know tries every lexer's file
// patterns, tens of milliseconds a block.
type lookup struct{ byLang sync.Map }

func (k *lookup) lexer(lang string) chroma.Lexer {
	if l, ok := k.byLang.Load(lang); ok {
		return l.(chroma.Lexer)
	}
	l := lexers.Get(lang)
	if l == nil {
		l = lexers.Fallback
	}
	k.byLang.Store(lang, l)
	return l
}

// lexEngine runs chroma's lexers through internal/lex.
type lexEngine struct {
	lookup
	versions
	lexers lex.Cache // compiled lexers, by chroma lexer
}

func (h *lexEngine) Highlight(w Writer, lang, code string) error {
	return h.highlight(w, h.lexer(lang), code)
}

func (h *lexEngine) highlight(w Writer, l chroma.Lexer, code string) error {
	it, err := h.lexers.Lexer(l).Tokenise(nil, code)
	if err != nil {
		return err
	}
	return lex.WriteHTML(w, it)
}

func (h *lexEngine) Version(lang string) string { return h.get(lang) }

// chromaEngine is chroma as its documentation shows it.
type chromaEngine struct {
	lookup
	versions
	format *chromahtml.Formatter
}

func (h *chromaEngine) Highlight(w Writer, lang, code string) error {
	return h.highlight(w, h.lexer(lang), code)
}

func (h *chromaEngine) highlight(w Writer, l chroma.Lexer, code string) error {
	it, err := chroma.Coalesce(l).Tokenise(nil, code)
	if err != nil {
		return err
	}
	// With classes the style only decides which token types get a class;
	// Fallback styles them all, as lex.WriteHTML does.
	return h.format.Format(w, styles.Fallback, it)
}

func (h *chromaEngine) Version(lang string) string { return h.get(lang) }
