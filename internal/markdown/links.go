package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer hands every link and image destination to the Resolver
// in the parser context, with the line it stands on.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	resolve, _ := pc.Get(resolverKey).(Resolver)
	hook, _ := pc.Get(imageHookKey).(ImageHook)
	if resolve == nil && hook == nil {
		return
	}
	src := reader.Source()
	var ls lines
	m, _ := pc.Get(mappingKey).(Mapping)
	line := func(n ast.Node) int {
		if ls == nil {
			ls = newLines(src)
		}
		off := firstOffset(n)
		for p := n.Parent(); off < 0 && p != nil; p = p.Parent() {
			off = firstOffset(p)
		}
		switch {
		case off < 0:
			return 1
		case m != nil:
			return m.Line(off)
		}
		return ls.at(off)
	}
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if resolve != nil {
				l.Destination = []byte(resolve(string(l.Destination), line(l), false))
			}
		case *ast.Image:
			images = append(images, l) // after the walk: the hook may replace the node
		}
		return ast.WalkContinue, nil
	})
	for _, l := range images {
		if hook != nil && hookImage(hook, l, src, line(l), pc) {
			continue
		}
		if resolve != nil {
			l.Destination = []byte(resolve(string(l.Destination), line(l), true))
		}
	}
}
