package markdown

import (
	"html"

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

// trustTransformer replaces the raw HTML that templates wrote with nodes
// that are written as they are. Where a block or tag mixes a template's
// HTML with the page's text (<aside>{{ .Inner }}</aside> on one line),
// and the site's raw HTML is not written, the page's part is written as
// escaped text rather than lost.
type trustTransformer struct{ unsafe bool }

func (t trustTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
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
		var segs []text.Segment
		switch h := n.(type) {
		case *ast.HTMLBlock:
			for i := 0; i < h.Lines().Len(); i++ {
				segs = append(segs, h.Lines().At(i))
			}
			if h.HasClosure() {
				segs = append(segs, h.ClosureLine)
			}
		case *ast.RawHTML:
			for i := 0; i < h.Segments.Len(); i++ {
				segs = append(segs, h.Segments.At(i))
			}
		default:
			return ast.WalkContinue, nil
		}
		if b, ok := t.html(m, src, segs); ok {
			_, block := n.(*ast.HTMLBlock)
			swap = append(swap, [2]ast.Node{n, &trustedHTML{html: b, block: block}})
		}
		return ast.WalkSkipChildren, nil
	})
	for _, s := range swap {
		s[0].Parent().ReplaceChild(s[0].Parent(), s[0], s[1])
	}
}

// html is what to write for raw HTML made of segs: ok is false when no
// template wrote any of it (the site's setting decides) or when the
// site writes raw HTML anyway.
func (t trustTransformer) html(m Mapping, src []byte, segs []text.Segment) ([]byte, bool) {
	var b []byte
	all, some := true, false
	for _, s := range segs {
		if m.Trusted(s.Start, s.Stop) {
			some = true
			b = append(b, src[s.Start:s.Stop]...)
			continue
		}
		all = false
		for i := s.Start; i < s.Stop; {
			j := i + 1
			trusted := m.Trusted(i, j)
			for j < s.Stop && m.Trusted(j, j+1) == trusted {
				j++
			}
			if trusted {
				some = true
				b = append(b, src[i:j]...)
			} else {
				b = append(b, html.EscapeString(string(src[i:j]))...)
			}
			i = j
		}
	}
	if !some || !all && t.unsafe {
		return nil, false
	}
	return b, true
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
