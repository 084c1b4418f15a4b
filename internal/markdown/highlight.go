package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/sitegen/sitegen/internal/lex"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlighter renders fenced code as chroma's HTML formatter does with
// CSS classes, so the colours live in one stylesheet instead of every
// page. lex gives the same tokens and bytes as chroma with less work.
type highlighter struct {
	lexers lex.Cache // chroma's lexers, indexed by first character
	cache  CodeCache // nil when there is none
	bufs   sync.Pool // buffers for a block's HTML on its way into the cache
}

func newHighlighter(c CodeCache) *highlighter {
	return &highlighter{cache: c}
}

func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func (h *highlighter) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := string(n.Language(src))
	if h.cache == nil {
		return ast.WalkSkipChildren, h.highlight(w, lang, code.String())
	}
	key := h.cache.Key(lang, code.String())
	if html, ok := h.cache.Get(key); ok {
		_, err := w.Write(html)
		return ast.WalkSkipChildren, err
	}
	buf, _ := h.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer h.bufs.Put(buf)
	buf.Reset()
	if err := h.highlight(buf, lang, code.String()); err != nil {
		return ast.WalkStop, err
	}
	h.cache.Put(key, buf.Bytes())
	_, err := w.Write(buf.Bytes())
	return ast.WalkSkipChildren, err
}

// highlight writes code in lang as HTML.
func (h *highlighter) highlight(w lex.Writer, lang, code string) error {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := h.lexers.Lexer(lexer).Tokenise(nil, code)
	if err != nil {
		return err
	}
	return lex.WriteHTML(w, it)
}
