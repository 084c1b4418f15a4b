package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/sitegen/sitegen/internal/highlight"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlighter renders fenced code through the Highlighter (internal/highlight),
// looking blocks up in the cache first when there is one.
type highlighter struct {
	engine highlight.Highlighter
	cache  CodeCache // nil when there is none
	bufs   sync.Pool // buffers for a block's HTML on its way into the cache
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
		return ast.WalkSkipChildren, h.engine.Highlight(w, lang, code.String())
	}
	key := h.cache.Key(h.engine.Version(lang), lang, code.String())
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
	if err := h.engine.Highlight(buf, lang, code.String()); err != nil {
		return ast.WalkStop, err
	}
	h.cache.Put(key, buf.Bytes())
	_, err := w.Write(buf.Bytes())
	return ast.WalkSkipChildren, err
}
