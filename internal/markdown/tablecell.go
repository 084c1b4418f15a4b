package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// tableCells writes GFM table cells as goldmark's table extension does,
// without its garbage: goldmark formats each cell's tags with fmt and, for
// an aligned column, first stores the alignment on the node as a style
// attribute and then writes the node's attributes (a large share of a
// big build's garbage: bench/README.md, "A smaller model and less
// garbage"). A cell that has
// attributes of its own goes to goldmark's renderer. Like goldmark's
// default, alignment is a style: the renderer is not XHTML.
type tableCells struct{ theirs renderer.NodeRendererFunc }

func newTableCells() *tableCells {
	t := &tableCells{}
	extension.NewTableHTMLRenderer().RegisterFuncs(funcOf{east.KindTableCell, &t.theirs})
	return t
}

// funcOf keeps the function a node renderer registers for one kind.
type funcOf struct {
	kind ast.NodeKind
	f    *renderer.NodeRendererFunc
}

func (r funcOf) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == r.kind {
		*r.f = f
	}
}

func (t *tableCells) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTableCell, t.render)
}

func (t *tableCells) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	if n.Attributes() != nil {
		return t.theirs(w, src, node, entering)
	}
	tag := "td"
	if n.Parent().Kind() == east.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</")
		_, _ = w.WriteString(tag)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('<')
	_, _ = w.WriteString(tag)
	if n.Alignment != east.AlignNone {
		_, _ = w.WriteString(` style="text-align:`)
		_, _ = w.WriteString(n.Alignment.String())
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}
