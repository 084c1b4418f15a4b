package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Mapping tells Render about a source that is not the file as written:
// Markdown with its shortcodes expanded (package shortcodes).
type Mapping interface {
	// Line is the line of the file as written that the byte at off of
	// the source comes from.
	Line(off int) int
	// Trusted reports whether the bytes start..end were written by the
	// site's own templates: their raw HTML is written even when the
	// Markdown's own is not.
	Trusted(start, end int) bool
}

var mappingKey = parser.NewContextKey()

// trustedHTML is raw HTML a template wrote, block or inline.
type trustedHTML struct {
	ast.BaseInline
	html  []byte
	block bool
}

var kindTrustedHTML = ast.NewNodeKind("TrustedHTML")

func (n *trustedHTML) Kind() ast.NodeKind { return kindTrustedHTML }

func (n *trustedHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// trustTransformer replaces the raw HTML that lies wholly in trusted
// bytes with nodes that are written as they are.
type trustTransformer struct{}

func (trustTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	m, ok := pc.Get(mappingKey).(Mapping)
	if !ok {
		return
	}
	src := reader.Source()
	var swap [][2]ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch h := n.(type) {
		case *ast.HTMLBlock:
			segs := h.Lines()
			if segs.Len() == 0 || !allTrusted(m, segs) || h.HasClosure() && !m.Trusted(h.ClosureLine.Start, h.ClosureLine.Stop) {
				return ast.WalkSkipChildren, nil
			}
			var b []byte
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				b = append(b, seg.Value(src)...)
			}
			if h.HasClosure() {
				b = append(b, h.ClosureLine.Value(src)...)
			}
			swap = append(swap, [2]ast.Node{h, &trustedHTML{html: b, block: true}})
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if h.Segments.Len() == 0 || !allTrusted(m, h.Segments) {
				return ast.WalkSkipChildren, nil
			}
			var b []byte
			for i := 0; i < h.Segments.Len(); i++ {
				seg := h.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			swap = append(swap, [2]ast.Node{h, &trustedHTML{html: b}})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, s := range swap {
		s[0].Parent().ReplaceChild(s[0].Parent(), s[0], s[1])
	}
}

func allTrusted(m Mapping, segs *text.Segments) bool {
	for i := 0; i < segs.Len(); i++ {
		if s := segs.At(i); !m.Trusted(s.Start, s.Stop) {
			return false
		}
	}
	return true
}

type trustedRenderer struct{}

func (trustedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTrustedHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*trustedHTML).html)
		}
		return ast.WalkSkipChildren, nil
	})
}
